package io.berth.cli;

import io.berth.sdk.BerthClient;
import io.berth.wire.JobView;
import java.io.OutputStream;

/** Follows a job's log to its end through the SDK, which picks up where it was if the connection drops. */
final class LogFollower {
    private LogFollower() {}

    /** Copies the log to {@code out} until the job has finished; returns the finished job. */
    static JobView follow(BerthClient client, String jobId, OutputStream out) {
        return io.berth.sdk.Berth.of(client).job(jobId).followLogs(out);
    }
}
