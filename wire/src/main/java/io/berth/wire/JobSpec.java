package io.berth.wire;

import java.util.List;
import java.util.Map;

/**
 * What the job's container should look like and what it asks of the scheduler, as the client resolved
 * it from job.config.yaml. Host paths in it are the server's; the job's own directory is added by the
 * server. Null fields mean "the server's default".
 */
public record JobSpec(
        String image,
        List<String> entrypoint,
        String workingDir,
        Map<String, String> environment,
        List<VolumeMount> volumes,
        JobRequests requests) {

    public JobSpec {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        requests = requests == null ? JobRequests.none() : requests;
    }

    public static JobSpec defaults() {
        return new JobSpec(null, null, null, Map.of(), List.of(), JobRequests.none());
    }

    public JobSpec withImage(String newImage) {
        return new JobSpec(newImage, entrypoint, workingDir, environment, volumes, requests);
    }

    public JobSpec withRequests(JobRequests newRequests) {
        return new JobSpec(image, entrypoint, workingDir, environment, volumes, newRequests);
    }
}
