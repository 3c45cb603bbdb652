package io.berth.cli;

import io.berth.sdk.JobQuery;
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

    JobQuery query() {
        return new JobQuery(project, sweep, status);
    }
}
