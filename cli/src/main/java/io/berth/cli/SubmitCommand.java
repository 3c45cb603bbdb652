package io.berth.cli;

import io.berth.sdk.BerthClient;
import io.berth.sdk.JobSubmitter;
import io.berth.sdk.Submission;
import io.berth.sdk.SubmitResult;
import io.berth.wire.JobView;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    JobOptions job;

    @Option(names = "--no-follow", description = "Print the job id and return once it is queued.")
    boolean noFollow;

    @Option(names = "--stream-job-logs", arity = "1", paramLabel = "True|False", description = "Atlas's way to say it:"
            + " True (the default) follows the job's logs, False is --no-follow; any case.")
    Boolean streamJobLogs;

    @Parameters(index = "0", paramLabel = "<env>", description = "Submission config, e.g. 'scheduler'.")
    String env;

    @Parameters(index = "1", paramLabel = "<job-dir>", description = "The project directory to bundle.")
    Path jobDir;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "<command>",
            description = "What the job runs, e.g. main.py --epochs 3 (default: worker.command in job.config.yaml).")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (Boolean.TRUE.equals(streamJobLogs) && noFollow) {
            throw new UserError(ExitCodes.USAGE, "--stream-job-logs True and --no-follow contradict each other; give"
                    + " one of them");
        }
        boolean follow = streamJobLogs != null ? streamJobLogs : !noFollow;
        Terminal terminal = new Terminal(spec);
        Path dir = JobOptions.jobDir(jobDir);
        Submission submission = JobOptions.withCommand(job.request(dir, command), "submit").submission();
        BerthClient client = EnvOption.clientFor(env, dir);
        SubmitResult result = new JobSubmitter(client).submit(submission, new SubmitProgress(terminal));
        JobView queued = result.job();
        if (!follow) {
            terminal.note("queued job " + queued.id() + " (project " + queued.project() + ")");
            terminal.say(queued.id());
            return ExitCodes.OK;
        }
        terminal.note("queued job " + queued.id() + " (project " + queued.project() + "); following its logs "
                + "(Ctrl-C stops following, not the job)");
        Thread interrupted = new Thread(() -> terminal.note("\nstopped following job " + queued.id() + "; it goes on. "
                + "Follow it again with: berth get logs " + env + " " + queued.id() + " --follow"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        JobView done;
        try {
            done = LogFollower.follow(client, queued.id(), terminal.outBytes());
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        terminal.note(Outcome.describe(done));
        return Outcome.exitCode(done);
    }
}
