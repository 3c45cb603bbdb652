package io.berth.sdk;

import io.berth.wire.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Jobs as the server shows them, for fake answers: {@code aJob("j1").finishedAt(3).build()}. */
final class TestJobs {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private String id;
    private String sweepId;
    private String state = "queued";
    private Map<String, Object> params = Map.of();
    private Map<String, Object> metrics = Map.of();
    private Instant startedAt;
    private Instant finishedAt;

    private TestJobs() {}

    static TestJobs aJob(String id) {
        TestJobs job = new TestJobs();
        job.id = id;
        return job;
    }

    TestJobs inSweep(String sweep) {
        sweepId = sweep;
        return this;
    }

    TestJobs running() {
        state = "running";
        startedAt = T0;
        return this;
    }

    /** Completed, {@code second} seconds after T0. */
    TestJobs finishedAt(int second) {
        return ended("completed", second);
    }

    TestJobs ended(String finalState, int second) {
        state = finalState;
        startedAt = T0;
        finishedAt = T0.plusSeconds(second);
        return this;
    }

    TestJobs params(Map<String, Object> values) {
        params = values;
        return this;
    }

    TestJobs metrics(Map<String, Object> values) {
        metrics = values;
        return this;
    }

    JobView build() {
        return JobView.builder(id).sweepId(sweepId).project("demo").state(state).command(List.of("main.py"))
                .params(params).image("berth-worker:latest").bundleDigest("ab".repeat(32)).attempt(1)
                .times(T0, startedAt, finishedAt).ending(finishedAt == null ? null : 0, null).metrics(metrics).build();
    }
}
