package io.berth.daemon.core.admission;

import java.util.List;

/** Start this job now on this {@link Node}, with these of its GPU ids (empty when it asked for none). */
public record Admission(String jobId, List<String> gpuIds, String node) {

    public Admission {
        Require.id(jobId, "jobId");
        gpuIds = List.copyOf(gpuIds);
        Require.id(node, "node");
    }
}
