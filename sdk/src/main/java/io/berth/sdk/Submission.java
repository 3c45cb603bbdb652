package io.berth.sdk;

import io.berth.wire.JobRequests;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One job to submit: a project directory, the command, parameters, and overrides of the project's
 * {@code job.config.yaml}. Null overrides leave the config's value. Build with {@link #of} and the
 * {@code with...} methods.
 *
 * @param command     what the container runs (after the entrypoint), e.g. {@code [main.py, --epochs, 3]};
 *                    empty means {@code worker.command} (or {@code args}) from the config
 * @param params      merged over the config's {@code params}; these win
 * @param entrypoint  the container's entrypoint, replacing the config's {@code entrypoint}; null: the config's
 * @param requests    fields set here replace the config's (GPUs, CPUs, memory, timeout, priority, attempts)
 * @param environment merged over the config's {@code worker.environment}; these win
 */
public record Submission(
        Path projectDir,
        List<String> command,
        Map<String, Object> params,
        String projectName,
        String image,
        List<String> entrypoint,
        JobRequests requests,
        Map<String, String> environment) {

    public Submission {
        Objects.requireNonNull(projectDir, "projectDir");
        command = command == null ? List.of() : List.copyOf(command);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        requests = requests == null ? JobRequests.none() : requests;
    }

    public static Submission of(Path projectDir, List<String> command) {
        return new Submission(projectDir, command, null, null, null, null, null, null);
    }

    public Submission withCommand(List<String> command) {
        return new Submission(projectDir, command, params, projectName, image, entrypoint, requests, environment);
    }

    public Submission withParams(Map<String, Object> params) {
        return new Submission(projectDir, command, params, projectName, image, entrypoint, requests, environment);
    }

    public Submission withProjectName(String projectName) {
        return new Submission(projectDir, command, params, projectName, image, entrypoint, requests, environment);
    }

    public Submission withImage(String image) {
        return new Submission(projectDir, command, params, projectName, image, entrypoint, requests, environment);
    }

    public Submission withEntrypoint(List<String> entrypoint) {
        return new Submission(projectDir, command, params, projectName, image, entrypoint, requests, environment);
    }

    public Submission withRequests(JobRequests requests) {
        return new Submission(projectDir, command, params, projectName, image, entrypoint, requests, environment);
    }

    public Submission withEnvironment(Map<String, String> environment) {
        return new Submission(projectDir, command, params, projectName, image, entrypoint, requests, environment);
    }
}
