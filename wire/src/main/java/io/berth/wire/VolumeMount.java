package io.berth.wire;

import java.util.Objects;

/** A host directory of the server's machine bound into the job's container. */
public record VolumeMount(String hostPath, String containerPath, boolean readOnly) {
    public VolumeMount {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(containerPath, "containerPath");
    }
}
