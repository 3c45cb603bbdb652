package io.berth.daemon.core.admission;

import java.util.List;
import java.util.Objects;

/** A job holding capacity now (starting or running), and the GPU ids it was given. */
public record RunningJob(String jobId, Resources request, List<String> gpuIds) {

    public RunningJob {
        Require.id(jobId, "jobId");
        Objects.requireNonNull(request, "request");
        gpuIds = Require.distinctIds(gpuIds, "gpuIds of job " + jobId);
        if (gpuIds.size() != request.gpus()) {
            throw new IllegalArgumentException("job " + jobId + " asked for " + request.gpus()
                    + " GPU(s) but holds " + gpuIds.size());
        }
    }
}
