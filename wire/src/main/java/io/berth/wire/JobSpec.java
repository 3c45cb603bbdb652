package io.berth.wire;

import java.util.List;
import java.util.Map;

/**
 * What the job's container should look like, as the client resolved it from job.config.yaml.
 * Host paths in it are the server's; the job's own directory is added by the server.
 * Null fields mean "the server's default".
 */
public record JobSpec(
        String image,
        List<String> entrypoint,
        String workingDir,
        Map<String, String> environment,
        List<VolumeMount> volumes,
        Integer numGpus,
        Long memoryBytes) {

    public JobSpec {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    public static JobSpec defaults() {
        return new JobSpec(null, null, null, Map.of(), List.of(), null, null);
    }
}
