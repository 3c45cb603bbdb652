package io.berth.daemon.core;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The index holds a job compactly, and answers what the job itself would. */
class IndexedJobTest {
    private static final Instant STARTED = Instant.parse("2026-05-01T10:00:00.123456789Z");

    @Test
    void timesAndExitCodeReadBackAsTheJobHasThem() {
        Job queued = aQueuedJob();
        Job failed = queued.claimed().started("c", STARTED).failed(137, "killed", STARTED.plusNanos(1_500));

        IndexedJob indexed = IndexedJob.of(failed);
        assertThat(indexed.createdAt()).isEqualTo(failed.createdAt());
        assertThat(indexed.startedAt()).isEqualTo(STARTED);
        assertThat(indexed.finishedAt()).isEqualTo(STARTED.plusNanos(1_500));
        assertThat(indexed.exitCode()).isEqualTo(137);
        assertThat(indexed.duration(Instant.now())).isEqualTo(Duration.ofNanos(1_500));

        IndexedJob waiting = IndexedJob.of(queued);
        assertThat(waiting.startedAt()).isNull();
        assertThat(waiting.finishedAt()).isNull();
        assertThat(waiting.exitCode()).isNull();
        assertThat(waiting.duration(Instant.now())).isNull();
        assertThat(IndexedJob.of(queued.claimed().started("c", STARTED).failed(-1, "odd", STARTED)).exitCode())
                .isEqualTo(-1);
    }

    @Test
    void aStopBeforeTheStartKeepsTheRest() {
        Job queued = withParams(Map.of("lr", 0.5));
        IndexedJob stopped = IndexedJob.of(queued).stopped(STARTED);

        assertThat(stopped.state()).isEqualTo(JobState.STOPPED);
        assertThat(stopped.finishedAt()).isEqualTo(STARTED);
        assertThat(stopped.createdAt()).isEqualTo(queued.createdAt());
        assertThat(stopped.startedAt()).isNull();
        assertThat(stopped.exitCode()).isNull();
        assertThat(stopped.param("lr")).isEqualTo(0.5);
    }

    @Test
    void paramsAnswerSortsAndSearches() {
        IndexedJob job = IndexedJob.of(withParams(Map.of("lr", 0.25, "optimizer", "Adam", "layers", List.of(3, 4),
                "note", "Größe")));

        assertThat(job.param("lr")).isEqualTo(0.25);
        assertThat(job.param("layers")).isEqualTo(List.of(3, 4));
        assertThat(job.param("missing")).isNull();
        assertThat(job.matchesText("adam")).isTrue();
        assertThat(job.matchesText("größe")).as("beyond ASCII").isTrue();
        assertThat(job.matchesText("sgd")).isFalse();

        IndexedJob none = IndexedJob.of(withParams(Map.of()));
        assertThat(none.param("lr")).isNull();
        assertThat(none.matchesText("{}")).isTrue();
    }

    private static Job withParams(Map<String, Object> params) {
        Instant now = Instant.parse("2026-05-01T09:00:00.000001Z");
        return Job.queued(JobIds.next(now), null, "demo", List.of("train.py"), params, JobSpec.defaults(),
                "0".repeat(64), 1, now);
    }
}
