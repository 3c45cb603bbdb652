package io.berth.wire;

import java.util.List;
import java.util.Map;

/**
 * What the job's container should look like and what it asks of the scheduler, as the client resolved
 * it from job.config.yaml. Host paths in it are the server's; the job's own directory is added by the
 * server. Null fields mean "the server's default".
 *
 * @param runAs   the submitting user's {@code uid:gid}; the server runs the container as it only where its
 *                operator said so ({@code run_jobs_as_submitter}), and ignores it otherwise
 * @param network the Docker network the container joins: {@code none}, {@code bridge} or a named one; null for
 *                the server's default. The server takes only those its operator allows.
 */
public record JobSpec(
        String image,
        List<String> entrypoint,
        String workingDir,
        Map<String, String> environment,
        List<VolumeMount> volumes,
        JobRequests requests,
        String runAs,
        String network) {
    /** What a job's environment variable may be called: letters, digits and '_', not starting with a digit. */
    public static final java.util.regex.Pattern VARIABLE_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** {@link #VARIABLE_NAME} in words, for the messages that refuse a name. */
    public static final String VARIABLE_NAME_RULE = "letters, digits and '_', not starting with a digit";
    /** What a Docker network may be called (as the engine itself checks names). */
    public static final java.util.regex.Pattern NETWORK_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** {@link #NETWORK_NAME} in words. */
    public static final String NETWORK_NAME_RULE = "none, bridge or a Docker network's name (letters, digits, '_',"
            + " '.' and '-', starting with a letter or digit)";


    private static final java.util.regex.Pattern UID_GID = java.util.regex.Pattern.compile("\\d{1,9}:\\d{1,9}");

    public JobSpec {
        if (runAs != null && !UID_GID.matcher(runAs).matches()) {
            throw new IllegalArgumentException("runAs must be uid:gid in numbers, got '" + runAs + "'");
        }
        if (network != null && !NETWORK_NAME.matcher(network).matches()) {
            throw new IllegalArgumentException("network must be " + NETWORK_NAME_RULE + ", got '" + network + "'");
        }
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        requests = requests == null ? JobRequests.none() : requests;
    }

    public JobSpec(String image, List<String> entrypoint, String workingDir, Map<String, String> environment,
                   List<VolumeMount> volumes, JobRequests requests) {
        this(image, entrypoint, workingDir, environment, volumes, requests, null, null);
    }

    public static JobSpec defaults() {
        return new JobSpec(null, null, null, Map.of(), List.of(), JobRequests.none());
    }

    public JobSpec withImage(String newImage) {
        return new JobSpec(newImage, entrypoint, workingDir, environment, volumes, requests, runAs, network);
    }

    public JobSpec withRequests(JobRequests newRequests) {
        return new JobSpec(image, entrypoint, workingDir, environment, volumes, newRequests, runAs, network);
    }

    public JobSpec withRunAs(String uidGid) {
        return new JobSpec(image, entrypoint, workingDir, environment, volumes, requests, uidGid, network);
    }

    public JobSpec withNetwork(String newNetwork) {
        return new JobSpec(image, entrypoint, workingDir, environment, volumes, requests, runAs, newNetwork);
    }
}
