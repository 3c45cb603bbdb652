package io.berth.cli;

import io.berth.config.MemorySize;
import io.berth.sdk.JobRequest;
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

    @Option(names = "--num-gpus", description = "GPUs the job needs (overrides num_gpus).")
    Integer numGpus;

    @Option(names = "--ram", paramLabel = "<size>", description = "Memory limit: a bare number is GB, or 512m, 8g (overrides ram).")
    String ram;

    /** The job directory, absolute; a user error if it is not a directory. */
    static Path jobDir(Path given) {
        Path dir = given.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UserError(ExitCodes.INVALID_INPUT, "job directory '" + given + "' does not exist or is not a directory");
        }
        return dir;
    }

    JobRequest request(Path dir, List<String> command) {
        JobRequest.Builder request = JobRequest.builder(dir).command(command).params(ParamValues.parse(params))
                .image(image).projectName(projectName);
        if (numGpus != null) {
            request.numGpus(numGpus);
        }
        if (ram != null) {
            request.memory(MemorySize.parse("--ram", ram).bytes());
        }
        return request.build();
    }
}
