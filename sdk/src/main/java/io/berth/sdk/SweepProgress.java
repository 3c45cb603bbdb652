package io.berth.sdk;

import io.berth.wire.JobView;
import java.util.List;

/**
 * How many of a sweep's jobs are in each state. {@code running} counts starting jobs too: both hold a slot.
 */
public record SweepProgress(int queued, int running, int completed, int failed, int stopped) {

    /** Counts the jobs by state. */
    public static SweepProgress of(List<JobView> jobs) {
        int queued = 0;
        int running = 0;
        int completed = 0;
        int failed = 0;
        int stopped = 0;
        for (JobView job : jobs) {
            switch (job.state()) {
                case "queued" -> queued++;
                case "completed" -> completed++;
                case "failed" -> failed++;
                case "stopped" -> stopped++;
                default -> running++; // starting, running
            }
        }
        return new SweepProgress(queued, running, completed, failed, stopped);
    }

    public int total() {
        return queued + running + finished();
    }

    /** Completed, failed or stopped. */
    public int finished() {
        return completed + failed + stopped;
    }

    public boolean allFinished() {
        return queued == 0 && running == 0;
    }

    /** {@code 12 completed, 2 running, 6 queued, 0 failed}, and the stopped ones if there are any. */
    @Override
    public String toString() {
        return completed + " completed, " + running + " running, " + queued + " queued, " + failed + " failed"
                + (stopped > 0 ? ", " + stopped + " stopped" : "");
    }
}
