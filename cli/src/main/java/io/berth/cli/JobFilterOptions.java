package io.berth.cli;

import io.berth.sdk.JobQuery;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --project}, {@code --sweep}, {@code --status}: which jobs a listing shows. */
final class JobFilterOptions {
    @Option(names = "--project", paramLabel = "<name>", description = "Only this project's jobs.")
    String project;

    @Option(names = "--sweep", paramLabel = "<id>", description = "Only this sweep's jobs (any unique start of its id).")
    String sweep;

    @Option(names = "--status", paramLabel = "<state>",
            description = "Only jobs in this state: queued, starting, running, completed, failed, stopped.")
    String status;

    private static final List<String> STATES = List.of("queued", "starting", "running", "completed", "failed", "stopped");

    JobQuery query() {
        if (status != null && !STATES.contains(status)) {
            throw new UserError(ExitCodes.USAGE, "--status: '" + status + "' is not a job's state (" + String.join(", ",
                    STATES) + ")");
        }
        return new JobQuery(project, sweep, status);
    }
}
