package io.berth.daemon.core;

import io.berth.wire.JobSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for jobs in tests. */
public final class TestJobs {
    private static long clock = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private TestJobs() {}

    /** A queued job submitted a millisecond after the previous one built here. */
    public static synchronized Job aQueuedJob() {
        Instant now = Instant.ofEpochMilli(clock++);
        return Job.queued(JobIds.next(now), null, "demo", List.of("main.py"), Map.of("lr", 0.1),
                JobSpec.defaults(), "0".repeat(64), clock * JobStore.POSITION_GAP, now);
    }

    /** A sweep's queued jobs, as JobService makes them: ids in order, positions a gap apart, one sweep id. */
    public static synchronized List<Job> aQueuedSweep(int size) {
        Instant now = Instant.ofEpochMilli(clock++);
        List<String> ids = JobIds.sequence(now, size);
        long first = clock * JobStore.POSITION_GAP;
        clock += size;
        return java.util.stream.IntStream.range(0, size).mapToObj(i -> Job.queued(ids.get(i), ids.get(0), "demo",
                List.of("main.py"), Map.of("i", i), JobSpec.defaults(), "0".repeat(64),
                first + (long) i * JobStore.POSITION_GAP, now)).toList();
    }

    public static Job aRunningJob() {
        return aQueuedJob().claimed().started("container-1", Instant.now());
    }

    /** The running job ended as its container's exit with {@code code} ends a job that asked for no retries. */
    public static Job exited(Job running, int code, Instant at) {
        return AttemptOutcome.of(new AttemptEnd.Exited(code, false, at, null), running, 1).applyTo(running, at);
    }
}
