package io.berth.daemon.core;

import static io.berth.daemon.core.JobState.COMPLETED;
import static io.berth.daemon.core.JobState.FAILED;
import static io.berth.daemon.core.JobState.QUEUED;
import static io.berth.daemon.core.JobState.RUNNING;
import static io.berth.daemon.core.JobState.STARTING;
import static io.berth.daemon.core.JobState.STOPPED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one table of allowed state changes. Anything not listed here throws. */
public final class JobStateTransitions {
    private static final Map<JobState, Set<JobState>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(STARTING, STOPPED),
            // back to QUEUED: the attempt was lost to an infrastructure fault and will be retried
            STARTING, EnumSet.of(RUNNING, FAILED, STOPPED, QUEUED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, STOPPED, QUEUED),
            COMPLETED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            STOPPED, EnumSet.noneOf(JobState.class));

    private JobStateTransitions() {}

    public static boolean isAllowed(JobState from, JobState to) {
        return ALLOWED.get(from).contains(to);
    }

    public static void check(String jobId, JobState from, JobState to) {
        if (!isAllowed(from, to)) {
            throw new IllegalJobTransitionException(jobId, from, to);
        }
    }
}
