package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.MemorySize;
import io.berth.wire.JobRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

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

        /**
         * The container's entrypoint, run with the command as its arguments (overrides {@code entrypoint} and
         * {@code worker.entrypoint}).
         */
        public Builder entrypoint(String... words) {
            return entrypoint(List.of(words));
        }

        public Builder entrypoint(List<String> words) {
            if (words.isEmpty() || words.get(0).isBlank()) {
                throw new IllegalArgumentException("an entrypoint needs a program to run, got " + words);
            }
            submission = submission.withEntrypoint(words);
            return this;
        }

        /** GPUs the job needs (overrides {@code num_gpus}); it gets exactly that many, by id. */
        public Builder numGpus(int numGpus) {
            return requests(r -> r.withNumGpus(numGpus));
        }

        /** CPUs the job may use, fractional allowed (overrides {@code cpus}). */
        public Builder cpus(double cpus) {
            return requests(r -> r.withCpus(cpus));
        }

        /** The memory limit in bytes (overrides {@code ram}); at least 6 MiB, Docker's minimum. */
        public Builder memory(long bytes) {
            long checked = new MemorySize(bytes).bytes();
            return requests(r -> r.withMemoryBytes(checked));
        }

        /** The memory limit with a unit, as in {@code job.config.yaml}: {@code 512m}, {@code 8g}, {@code 1.5g}. */
        public Builder memory(String size) {
            try {
                return memory(MemorySize.parse("memory", size).bytes());
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /** How long the job may run before it is stopped and fails as {@code timeout} (overrides {@code timeout}). */
        public Builder timeout(Duration timeout) {
            if (timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("a timeout must be at least 1s, got " + timeout);
            }
            return requests(r -> r.withTimeoutSeconds(timeout.toSeconds()));
        }

        /** Higher is considered first; -1000 to 1000, default 0 (overrides {@code priority}). */
        public Builder priority(int priority) {
            return requests(r -> r.withPriority(priority));
        }

        /** How many containers may be started for the job in all (overrides {@code max_attempts}). */
        public Builder maxAttempts(int maxAttempts) {
            return requests(r -> r.withMaxAttempts(maxAttempts));
        }

        /** Retry, up to max attempts, also when the job itself exits non-zero (overrides {@code retry_on_failure}). */
        public Builder retryOnFailure(boolean retry) {
            return requests(r -> r.withRetryOnFailure(retry));
        }

        private Builder requests(UnaryOperator<JobRequests> change) {
            submission = submission.withRequests(change.apply(submission.requests()));
            return this;
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
