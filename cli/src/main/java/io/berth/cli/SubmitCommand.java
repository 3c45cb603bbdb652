package io.berth.cli;

import io.berth.config.MemorySize;
import io.berth.sdk.BerthClient;
import io.berth.sdk.JobSubmitter;
import io.berth.sdk.Submission;
import io.berth.sdk.SubmitResult;
import io.berth.wire.JobView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "submit", mixinStandardHelpOptions = true, description = {
        "Bundle <job-dir>, upload it (once: the server keeps bundles by content), queue a job that runs "
                + "<command> in it, and follow its logs until it ends.",
        "Options go before <env>; everything after <command> is passed to the job unchanged.",
        "Exit code: 0 if the job completed, 1 if it failed or was stopped (see docs/cli.md)."})
final class SubmitCommand implements Callable<Integer> {

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

    @Option(names = "--no-follow", description = "Print the job id and return once it is queued.")
    boolean noFollow;

    @Parameters(index = "0", paramLabel = "<env>", description = "Submission config, e.g. 'scheduler'.")
    String env;

    @Parameters(index = "1", paramLabel = "<job-dir>", description = "The project directory to bundle.")
    Path jobDir;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "<command>", description = "What the job runs, e.g. main.py --epochs 3.")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Terminal terminal = new Terminal(spec);
        Path dir = jobDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UserError(ExitCodes.INVALID_INPUT, "job directory '" + jobDir + "' does not exist or is not a directory");
        }
        EnvOption target = new EnvOption();
        target.env = env;
        BerthClient client = target.client(dir);
        Submission submission = Submission.of(dir, command)
                .withParams(ParamValues.parse(params))
                .withProjectName(projectName)
                .withImage(image)
                .withNumGpus(numGpus)
                .withMemoryBytes(ram == null ? null : MemorySize.parse("--ram", ram).bytes());
        SubmitResult result = new JobSubmitter(client).submit(submission, new SubmitProgress(terminal));
        JobView job = result.job();
        if (noFollow) {
            terminal.note("queued job " + job.id() + " (project " + job.project() + ")");
            terminal.say(job.id());
            return ExitCodes.OK;
        }
        terminal.note("queued job " + job.id() + " (project " + job.project() + "); following its logs "
                + "(Ctrl-C stops following, not the job)");
        Thread interrupted = new Thread(() -> terminal.note("\nstopped following job " + job.id() + "; it goes on. "
                + "Follow it again with: berth get logs " + env + " " + job.id() + " --follow"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        JobView done;
        try {
            done = LogFollower.follow(client, job.id(), terminal.outBytes());
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        terminal.note(Outcome.describe(done));
        return Outcome.exitCode(done);
    }
}
