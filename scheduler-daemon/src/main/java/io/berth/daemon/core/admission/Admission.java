package io.berth.daemon.core.admission;

import java.util.List;

/** Start this job now, with these GPU ids (empty when it asked for none). */
public record Admission(String jobId, List<String> gpuIds) {

    public Admission {
        Require.id(jobId, "jobId");
        gpuIds = List.copyOf(gpuIds);
    }
}
