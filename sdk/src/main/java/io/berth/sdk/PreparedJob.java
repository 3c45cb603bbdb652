package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.JobConfig;
import io.berth.wire.JobSpec;
import io.berth.wire.ProjectNames;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.VolumeMount;
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
    /** Set from {@code log_level} for the in-job helper, unless the environment already sets it. */
    public static final String LOG_LEVEL_ENV = "BERTH_LOG_LEVEL";

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
        JobConfig.Worker worker = config.worker();
        List<String> command = !submission.command().isEmpty() ? submission.command()
                : worker.commandOrArgs() != null ? worker.commandOrArgs() : List.of();
        Map<String, Object> params = new LinkedHashMap<>(config.params());
        params.putAll(submission.params());
        Map<String, String> environment = new LinkedHashMap<>();
        if (config.logLevel() != null) {
            environment.put(LOG_LEVEL_ENV, config.logLevel());
        }
        environment.putAll(worker.environment());
        environment.putAll(submission.environment());
        List<VolumeMount> volumes = worker.volumes().entrySet().stream()
                .map(v -> new VolumeMount(v.getKey(), v.getValue().bind(), v.getValue().readOnly()))
                .toList();
        JobSpec spec = new JobSpec(
                or(submission.image(), worker.image()),
                or(submission.entrypoint(), config.containerEntrypoint()),
                worker.workingDir(),
                environment,
                volumes,
                config.requests().overriddenBy(submission.requests()));
        return new PreparedJob(projectName(config, submission), command, params, spec);
    }

    /** The request that queues this job, saying who submits it (for servers that run jobs as their submitter). */
    public SubmitJobRequest toRequest(String bundleDigest) {
        return new SubmitJobRequest(bundleDigest, project, command, params, submittedSpec());
    }

    /** The spec as sent: with the submitting user's {@code uid:gid}. */
    public JobSpec submittedSpec() {
        return spec.withRunAs(LocalUser.uidGid());
    }

    private static String projectName(JobConfig config, Submission submission) {
        if (submission.projectName() != null) {
            if (!ProjectNames.isValid(submission.projectName())) {
                throw new ConfigException(null, null, null, ProjectNames.invalid(submission.projectName()));
            }
            return submission.projectName();
        }
        if (config.projectName() != null) {
            return config.projectName();
        }
        Path name = submission.projectDir().toAbsolutePath().normalize().getFileName();
        return name == null ? "default" : ProjectNames.fromDirectoryName(name.toString());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
