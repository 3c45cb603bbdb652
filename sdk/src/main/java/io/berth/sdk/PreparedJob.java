package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.JobConfig;
import io.berth.wire.ConfiguredJob;
import io.berth.wire.JobSpec;
import io.berth.wire.ProjectNames;
import io.berth.wire.SubmitJobRequest;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as it will be queued: the project's {@code job.config.yaml} with a {@link Submission}'s overrides
 * applied. Everything but the bundle.
 */
public record PreparedJob(String project, List<String> command, Map<String, Object> params, JobSpec spec) {
    public PreparedJob {
        command = List.copyOf(command);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Applies the submission to the config. Project: the submission's name, else {@code project_name},
     * else the directory's name. Command: the submission's, else {@code worker.command}/{@code args}.
     * Params, environment, image, entrypoint and requests (GPUs, CPUs, memory, ...): the submission's win over the
     * config's.
     */
    public static PreparedJob from(JobConfig config, Submission submission) {
        Path directory = submission.projectDir().toAbsolutePath().normalize().getFileName();
        ConfiguredJob configured = config.configuredJob(directory == null ? null : directory.toString());
        List<String> command = !submission.command().isEmpty() ? submission.command() : configured.command();
        Map<String, Object> params = new LinkedHashMap<>(configured.params());
        params.putAll(submission.params());
        Map<String, String> environment = new LinkedHashMap<>(configured.spec().environment());
        environment.putAll(submission.environment());
        JobSpec spec = new JobSpec(
                or(submission.image(), configured.spec().image()),
                or(submission.entrypoint(), configured.spec().entrypoint()),
                configured.spec().workingDir(),
                environment,
                configured.spec().volumes(),
                configured.spec().requests().overriddenBy(submission.requests()))
                .withNetwork(configured.spec().network());
        return new PreparedJob(projectName(configured, submission), command, params, spec);
    }

    /** The request that queues this job, saying who submits it (for servers that run jobs as their submitter). */
    public SubmitJobRequest toRequest(String bundleDigest) {
        return new SubmitJobRequest(bundleDigest, project, command, params, submittedSpec());
    }

    /** The spec as sent: with the submitting user's {@code uid:gid}. */
    public JobSpec submittedSpec() {
        return spec.withRunAs(LocalUser.uidGid());
    }

    private static String projectName(ConfiguredJob configured, Submission submission) {
        if (submission.projectName() == null) {
            return configured.project();
        }
        if (!ProjectNames.isValid(submission.projectName())) {
            throw new ConfigException(null, null, null, ProjectNames.invalid(submission.projectName()));
        }
        return submission.projectName();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
