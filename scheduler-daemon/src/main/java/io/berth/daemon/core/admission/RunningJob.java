package io.berth.daemon.core.admission;

import java.util.List;
import java.util.Objects;

/**
 * A job holding capacity now (starting or running), the GPU ids it was given and the {@link Node} it runs on.
 * A job on a node that is not among a plan's nodes (an agent that was lost) holds nothing in it.
 */
public record RunningJob(String jobId, Resources request, List<String> gpuIds, String node) {

    public RunningJob {
        Require.id(jobId, "jobId");
        Objects.requireNonNull(request, "request");
        Require.id(node, "node");
        gpuIds = Require.distinctIds(gpuIds, "gpuIds of job " + jobId);
        if (gpuIds.size() != request.gpus()) {
            throw new IllegalArgumentException("job " + jobId + " asked for " + request.gpus()
                    + " GPU(s) but holds " + gpuIds.size());
        }
    }

    /** A job running on the head's own engine. */
    public RunningJob(String jobId, Resources request, List<String> gpuIds) {
        this(jobId, request, gpuIds, Node.LOCAL);
    }
}
