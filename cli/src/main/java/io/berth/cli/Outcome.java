package io.berth.cli;

import io.berth.wire.JobView;

/** The one-line summary of how a job ended, and the exit code that goes with it. */
final class Outcome {
    private Outcome() {}

    static String describe(JobView job) {
        String line = "job " + job.id() + " " + job.state();
        if (job.reason() != null) {
            line += ": " + Printable.of(job.reason());
        }
        return line;
    }

    static int exitCode(JobView job) {
        return "completed".equals(job.state()) ? ExitCodes.OK : ExitCodes.JOB_NOT_COMPLETED;
    }
}
