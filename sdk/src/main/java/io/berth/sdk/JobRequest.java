package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.MemorySize;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a project directory, the command, parameters, and overrides of the project's
 * {@code job.config.yaml} (what is not set here comes from there). For a sweep, the base every job shares.
 *
 * <pre>{@code
 * JobRequest request = JobRequest.builder(Path.of("my_project"))
 *         .command("main.py", "--epochs", "3")
 *         .param("lr", 0.1)
 *         .memory("8g")
 *         .build();
 * }</pre>
 */
public final class JobRequest {
    private final Submission submission;

    private JobRequest(Submission submission) {
        this.submission = submission;
    }

    /** @param jobDir the project directory to bundle; its {@code job.config.yaml} is read if there is one */
    public static Builder builder(Path jobDir) {
        return new Builder(Submission.of(Objects.requireNonNull(jobDir, "jobDir"), List.of()));
    }

    /** A builder holding everything this request has, to make a variant of it. */
    public Builder toBuilder() {
        return new Builder(submission);
    }

    /** The request as the submit path takes it. */
    public Submission submission() {
        return submission;
    }

    public Path jobDir() {
        return submission.projectDir();
    }

    public List<String> command() {
        return submission.command();
    }

    public Map<String, Object> params() {
        return submission.params();
    }

    @Override
    public String toString() {
        return "job request " + submission;
    }

    public static final class Builder {
        private Submission submission;
        private final Map<String, Object> params;
        private final Map<String, String> environment;

        private Builder(Submission from) {
            this.submission = from;
            this.params = new LinkedHashMap<>(from.params());
            this.environment = new LinkedHashMap<>(from.environment());
        }

        /** What the container runs after the entrypoint; empty means {@code worker.command} from the config. */
        public Builder command(String... command) {
            return command(List.of(command));
        }

        public Builder command(List<String> command) {
            submission = submission.withCommand(command);
            return this;
        }

        /**
         * A parameter, written to the job's parameters file as JSON: numbers, strings, booleans, null, lists
         * and maps of them keep their type. Overrides {@code params} in {@code job.config.yaml}.
         */
        public Builder param(String key, Object value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a parameter needs a name");
            }
            params.put(key, value);
            return this;
        }

        /** Each entry as {@link #param}. */
        public Builder params(Map<String, ?> values) {
            values.forEach(this::param);
            return this;
        }

        /** The Docker image (overrides {@code worker.image}; the server's default if neither is set). */
        public Builder image(String image) {
            submission = submission.withImage(image);
            return this;
        }

        public Builder numGpus(int numGpus) {
            submission = submission.withNumGpus(numGpus);
            return this;
        }

        /** The memory limit in bytes (overrides {@code ram}); at least 6 MiB, Docker's minimum. */
        public Builder memory(long bytes) {
            submission = submission.withMemoryBytes(new MemorySize(bytes).bytes());
            return this;
        }

        /** The memory limit with a unit, as in {@code job.config.yaml}: {@code 512m}, {@code 8g}, {@code 1.5g}. */
        public Builder memory(String size) {
            try {
                return memory(MemorySize.parse("memory", size).bytes());
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /** An environment variable for the container; overrides {@code worker.environment}. */
        public Builder environment(String name, String value) {
            if (name == null || name.isBlank() || name.contains("=")) {
                throw new IllegalArgumentException("'" + name + "' is not an environment variable name");
            }
            environment.put(name, Objects.requireNonNull(value, name));
            return this;
        }

        public Builder environment(Map<String, String> variables) {
            variables.forEach(this::environment);
            return this;
        }

        /** The project the job is filed under (default: {@code project_name}, else the directory's name). */
        public Builder projectName(String projectName) {
            submission = submission.withProjectName(projectName);
            return this;
        }

        public JobRequest build() {
            return new JobRequest(submission.withParams(params).withEnvironment(environment));
        }
    }
}
