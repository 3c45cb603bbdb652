package io.berth.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.berth.wire.ConfiguredJob;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.Labels;
import io.berth.wire.ProjectNames;
import io.berth.wire.VolumeMount;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A project's {@code job.config.yaml}. Every key is optional; absent ones are null (or empty maps).
 * Atlas's keys keep their meaning, with two fixes: {@code ram} is in GB as Atlas documented (its code
 * used bytes), and {@code memory} is the same limit with explicit units ({@code 512m}, {@code 8g});
 * a bare number means GB for both, so one file never mixes two meanings. Set one of the two.
 *
 * @param cpus       CPUs the job may use (fractional: {@code 0.5}); also what admission counts
 * @param timeout    how long it may run ({@code 90m}, {@code 2h}) before it is stopped and fails as {@code timeout}
 * @param priority   higher is considered first; from -1000 to 1000, default 0
 * @param maxAttempts containers that may be started for it in all (retries after infrastructure faults)
 * @param retryOnFailure also retry, up to {@code max_attempts}, when the job itself exits non-zero
 * @param entrypoint the container's entrypoint, as Atlas's top-level key; {@code worker.entrypoint} is the same
 */
public record JobConfig(
        String projectName,
        String logLevel,
        Integer numGpus,
        MemorySize ram,
        MemorySize memory,
        Double cpus,
        Duration timeout,
        Integer priority,
        Integer maxAttempts,
        Boolean retryOnFailure,
        @JsonDeserialize(using = ConfigDeserializers.Words.class) List<String> entrypoint,
        Map<String, Object> params,
        Worker worker) {

    /** Set from {@code log_level} for the in-job helper, unless the environment already sets it. */
    public static final String LOG_LEVEL_ENV = "BERTH_LOG_LEVEL";

    private static final Set<String> LOG_LEVELS =
            Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL", "FATAL");

    public JobConfig {
        if (projectName != null && projectName.isBlank()) {
            throw ConfigException.invalid("project_name", "must not be empty");
        }
        if (projectName != null && !ProjectNames.isValid(projectName)) {
            throw ConfigException.invalid("project_name", ProjectNames.invalid(projectName));
        }
        if (logLevel != null && !LOG_LEVELS.contains(logLevel.toUpperCase(Locale.ROOT))) {
            throw ConfigException.invalid("log_level", "must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got '"
                    + logLevel + "'");
        }
        if (numGpus != null && numGpus < 0) {
            throw ConfigException.invalid("num_gpus", "must be 0 or more, got " + numGpus);
        }
        if (cpus != null && JobRequests.whyNotCpus(cpus) != null) {
            throw ConfigException.invalid("cpus", JobRequests.whyNotCpus(cpus));
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw ConfigException.invalid("timeout", "must be more than 0s");
        }
        if (priority != null && (priority < JobRequests.MIN_PRIORITY || priority > JobRequests.MAX_PRIORITY)) {
            throw ConfigException.invalid("priority", "must be from " + JobRequests.MIN_PRIORITY + " to "
                    + JobRequests.MAX_PRIORITY + ", got " + priority);
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw ConfigException.invalid("max_attempts", "must be 1 or more, got " + maxAttempts);
        }
        if (ram != null && memory != null) {
            throw ConfigException.invalid("memory", "ram and memory both set the memory limit; keep one of them");
        }
        worker = worker == null ? Worker.empty() : worker;
        if (entrypoint != null && worker.entrypoint() != null && !entrypoint.equals(worker.entrypoint())) {
            throw ConfigException.invalid(List.of("worker", "entrypoint"),
                    "entrypoint and worker.entrypoint differ; keep one of them");
        }
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static JobConfig empty() {
        return new JobConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The memory limit from {@code ram} or {@code memory}, or null for the server's default. */
    public Long memoryBytes() {
        MemorySize size = ram != null ? ram : memory;
        return size == null ? null : size.bytes();
    }

    /** What the job asks of the scheduler: GPUs, CPUs, memory, timeout, priority, attempts, where it may run. */
    public JobRequests requests() {
        return new JobRequests(numGpus, cpus, memoryBytes(), timeout == null ? null : timeout.toSeconds(), priority,
                maxAttempts, retryOnFailure, worker.constraints());
    }

    /**
     * The job this file describes, for a project in a directory named {@code directoryName}: its name (else the
     * directory's), its command, parameters and spec, with {@code log_level} as {@value #LOG_LEVEL_ENV}.
     */
    public ConfiguredJob configuredJob(String directoryName) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (logLevel != null) {
            environment.put(LOG_LEVEL_ENV, logLevel);
        }
        environment.putAll(worker.environment());
        List<VolumeMount> volumes = worker.volumes().entrySet().stream()
                .map(v -> new VolumeMount(v.getKey(), v.getValue().bind(), v.getValue().readOnly()))
                .toList();
        String project = projectName != null ? projectName
                : directoryName == null || directoryName.isBlank() ? "default"
                : ProjectNames.fromDirectoryName(directoryName);
        List<String> command = worker.commandOrArgs() != null ? worker.commandOrArgs() : List.of();
        return new ConfiguredJob(project, command, params,
                new JobSpec(worker.image(), containerEntrypoint(), worker.workingDir(), environment, volumes, requests())
                        .withNetwork(worker.network()));
    }

    /** The container entrypoint from either key, or null for the image's. */
    public List<String> containerEntrypoint() {
        return worker.entrypoint() != null ? worker.entrypoint() : entrypoint;
    }

    /**
     * The {@code worker:} section: what the job's container looks like.
     *
     * @param command the command given to the entrypoint when the submit gives none
     * @param args    Atlas's name for {@code command}; set one of the two
     * @param volumes host path (on the server's machine) to where and how it is mounted, docker-py style
     * @param network {@code none}, {@code bridge} or a named Docker network the server allows; null for the server's
     * @param constraints labels a machine must have, with these values, to run the job ({@code gpu_model: a100}):
     *                the server's own ({@code labels} in server.yaml) or an agent's
     */
    public record Worker(
            String image,
            @JsonDeserialize(using = ConfigDeserializers.Words.class) List<String> command,
            @JsonDeserialize(using = ConfigDeserializers.Words.class) List<String> args,
            @JsonDeserialize(using = ConfigDeserializers.Words.class) List<String> entrypoint,
            String workingDir,
            Map<String, String> environment,
            Map<String, Volume> volumes,
            String network,
            Map<String, String> constraints) {

        public Worker {
            if (image != null && image.isBlank()) {
                throw ConfigException.invalid("image", "must not be empty");
            }
            if (command != null && args != null) {
                throw ConfigException.invalid("args", "command and args both set the command; keep one of them");
            }
            if (workingDir != null && !workingDir.startsWith("/")) {
                throw ConfigException.invalid("working_dir", "must be an absolute path inside the container, got '"
                        + workingDir + "'");
            }
            environment = checkedEnvironment(environment);
            volumes = checkedVolumes(volumes);
            if (network != null && !JobSpec.NETWORK_NAME.matcher(network).matches()) {
                throw ConfigException.invalid("network", "must be " + JobSpec.NETWORK_NAME_RULE + ", got '"
                        + network + "'");
            }
            String badConstraint = constraints == null ? null : Labels.whyNot(constraints);
            if (badConstraint != null) {
                throw ConfigException.invalid("constraints", "label " + badConstraint);
            }
            constraints = constraints == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
        }

        public static Worker empty() {
            return new Worker(null, null, null, null, null, null, null, null, null);
        }

        /** {@code command} or, failing that, {@code args}; null when neither is set. */
        public List<String> commandOrArgs() {
            return command != null ? command : args;
        }

        private static Map<String, String> checkedEnvironment(Map<String, String> environment) {
            if (environment == null) {
                return Map.of();
            }
            for (Map.Entry<String, String> e : environment.entrySet()) {
                List<String> key = List.of("environment", e.getKey());
                if (!JobSpec.VARIABLE_NAME.matcher(e.getKey()).matches()) {
                    throw ConfigException.invalid(key, "not a variable name (" + JobSpec.VARIABLE_NAME_RULE + ")");
                }
                if (e.getValue() == null) {
                    throw ConfigException.invalid(key, "needs a value (write '' for an empty one)");
                }
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }

        private static Map<String, Volume> checkedVolumes(Map<String, Volume> volumes) {
            if (volumes == null) {
                return Map.of();
            }
            for (Map.Entry<String, Volume> e : volumes.entrySet()) {
                if (e.getKey().isBlank()) {
                    throw ConfigException.invalid("volumes", "a volume needs a host path");
                }
                if (e.getValue() == null) {
                    throw ConfigException.invalid(List.of("volumes", e.getKey()), "needs bind: and mode:");
                }
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
        }
    }

    /** docker-py's {@code {bind: /container/path, mode: rw|ro}}; mode defaults to rw. */
    public record Volume(String bind, String mode) {
        public Volume {
            if (bind == null) {
                throw ConfigException.invalid("bind", "required: the path inside the container");
            }
            if (!bind.startsWith("/")) {
                throw ConfigException.invalid("bind", "must be an absolute path inside the container, got '"
                        + bind + "'");
            }
            mode = mode == null ? "rw" : mode;
            if (!mode.equals("rw") && !mode.equals("ro")) {
                throw ConfigException.invalid("mode", "must be rw or ro, got '" + mode + "'");
            }
        }

        public boolean readOnly() {
            return mode.equals("ro");
        }
    }
}
