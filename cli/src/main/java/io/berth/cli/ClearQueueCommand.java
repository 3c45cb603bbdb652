package io.berth.cli;

import io.berth.sdk.JobQuery;
import io.berth.sdk.JobSubmitter;
import io.berth.sdk.Submission;
import io.berth.wire.ClearQueueResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "clear-queue", mixinStandardHelpOptions = true, description = {
        "Remove queued jobs from the queue (they end 'stopped'); running jobs go on.",
        "Without --project, --sweep or --all: the current project's, the one 'berth submit' files a job from this "
                + "directory under (job.config.yaml's project_name, else the directory's name)."})
final class ClearQueueCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Option(names = "--project", paramLabel = "<name>", description = "This project's queued jobs instead.")
    String project;

    @Option(names = "--sweep", paramLabel = "<id>", description = "Only this sweep's queued jobs.")
    String sweep;

    @Option(names = "--all", description = "Every queued job, of every project.")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (all && (project != null || sweep != null)) {
            throw new UserError(ExitCodes.USAGE, "--all clears every queued job; give it without --project and --sweep");
        }
        String which = project != null || sweep != null || all ? project : currentProject();
        ClearQueueResponse cleared = env.client().clearQueue(new JobQuery(which, sweep, null));
        new Terminal(spec).say("Removed " + Plurals.count(cleared.removed(), "queued job") + of(which, sweep));
        return ExitCodes.OK;
    }

    /** The project a job submitted from here would be filed under: submit's own rule, config included. */
    private String currentProject() {
        Path here = Berth.workingDir(spec);
        return JobSubmitter.prepare(Submission.of(here, List.of())).project();
    }

    private static String of(String project, String sweep) {
        if (project == null && sweep == null) {
            return " (all projects)";
        }
        return (project == null ? "" : " of project '" + project + "'") + (sweep == null ? "" : " of sweep " + sweep);
    }
}
