package io.berth.cli;

import io.berth.config.ConfigException;
import io.berth.config.Durations;
import io.berth.config.MemorySize;
import io.berth.config.JobConfigLoader;
import io.berth.config.ShellWords;
import io.berth.sdk.JobRequest;
import io.berth.sdk.JobSubmitter;
import io.berth.wire.JobRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** What {@code submit} and {@code sweep} take about the job itself: params and overrides of job.config.yaml. */
final class JobOptions {
    @Option(names = {"-p", "--param"}, paramLabel = "key=value",
            description = "A parameter for the job; values that read as JSON keep their type (0.1, 3, true, [1,2]).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--project-name", description = "Project name (default: job.config.yaml's project_name, else the directory's name).")
    String projectName;

    @Option(names = "--image", description = "Docker image (default: worker.image, else the server's default).")
    String image;

    @Option(names = "--entrypoint", paramLabel = "<entrypoint>", description = "The container's entrypoint, split as a"
            + " shell would ('python -u'); the command becomes its arguments (overrides entrypoint in job.config.yaml).")
    String entrypoint;

    @Option(names = "--num-gpus", description = "GPUs the job needs (overrides num_gpus).")
    Integer numGpus;

    @Option(names = {"--memory", "--ram"}, paramLabel = "<size>",
            description = "Memory limit: a bare number is GB, or 512m, 8g (overrides memory/ram).")
    String memory;

    @Option(names = "--cpus", description = "CPUs the job may use, e.g. 0.5 or 4 (overrides cpus).")
    Double cpus;

    @Option(names = "--timeout", paramLabel = "<duration>",
            description = "Stop the job and fail it as 'timeout' after it has run this long: 90m, 2h (overrides timeout).")
    String timeout;

    @Option(names = "--priority", description = "Higher is considered first, -1000 to 1000 (overrides priority; default 0).")
    Integer priority;

    @Option(names = "--max-attempts", paramLabel = "<n>",
            description = "Containers that may be started for the job in all, retries included (overrides max_attempts).")
    Integer maxAttempts;

    @Option(names = "--retry-on-failure", negatable = true,
            description = "Also retry when the job itself exits non-zero (overrides retry_on_failure).")
    Boolean retryOnFailure;

    /** The job directory, absolute; a user error if it is not a directory. */
    static Path jobDir(Path given) {
        Path dir = given.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UserError(ExitCodes.INVALID_INPUT, "job directory '" + given + "' does not exist or is not a directory");
        }
        return dir;
    }

    /**
     * The request, once it is clear that the job has a command: the one given, else job.config.yaml's. Reads
     * (and so checks) job.config.yaml before anything is bundled or sent.
     */
    static JobRequest withCommand(JobRequest request, String subcommand) {
        if (JobSubmitter.prepare(request.submission()).command().isEmpty()) {
            throw new UserError(ExitCodes.USAGE, "no command to run: give one after the directory (berth "
                    + subcommand + " <env> <job-dir> main.py), or set worker.command (or worker.args) in "
                    + request.submission().projectDir().resolve(JobConfigLoader.FILE_NAME));
        }
        return request;
    }

    JobRequest request(Path dir, List<String> command) {
        // picocli leaves an optional list that was not given null
        JobRequest.Builder request = JobRequest.builder(dir).command(command == null ? List.of() : command)
                .params(ParamValues.parse(params))
                .image(image).projectName(projectName);
        if (entrypoint != null) {
            checked("--entrypoint", () -> request.entrypoint(ShellWords.split("--entrypoint", entrypoint)));
        }
        if (numGpus != null) {
            checked("--num-gpus", () -> request.numGpus(numGpus));
        }
        if (memory != null) {
            checked("--memory", () -> request.memory(MemorySize.parse("--memory", memory).bytes()));
        }
        if (cpus != null) {
            checked("--cpus", () -> request.cpus(cpus(cpus)));
        }
        if (timeout != null) {
            checked("--timeout", () -> request.timeout(Durations.parse("--timeout", timeout)));
        }
        if (priority != null) {
            checked("--priority", () -> request.priority(priority));
        }
        if (maxAttempts != null) {
            checked("--max-attempts", () -> request.maxAttempts(maxAttempts));
        }
        if (retryOnFailure != null) {
            request.retryOnFailure(retryOnFailure);
        }
        return request.build();
    }

    private static double cpus(double value) {
        String why = JobRequests.whyNotCpus(value);
        if (why != null) {
            throw ConfigException.invalid("--cpus", why);
        }
        return value;
    }

    /**
     * A bad option value is a usage error (exit 2), as picocli makes one it cannot convert (--cpus abc).
     * The SDK refuses values with IllegalArgumentException; the parsers with a ConfigException naming the option.
     */
    private static void checked(String option, Runnable apply) {
        try {
            apply.run();
        } catch (ConfigException e) {
            throw new UserError(ExitCodes.USAGE, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.USAGE, option + ": " + e.getMessage());
        }
    }
}
