package io.berth.cli;

import io.berth.sdk.BerthClient;
import io.berth.wire.JobView;
import java.io.OutputStream;

/** Follows a job's log to its end, picking up where it was if the connection drops meanwhile. */
final class LogFollower {
    private LogFollower() {}

    /** Copies the log to {@code out} until the job has finished; returns the finished job. */
    static JobView follow(BerthClient client, String jobId, OutputStream out) {
        long offset = 0;
        while (true) {
            offset += client.streamLogs(jobId, true, offset, out);
            JobView job = client.job(jobId);
            if (job.finished()) {
                client.streamLogs(jobId, false, offset, out);
                return job;
            }
        }
    }
}
