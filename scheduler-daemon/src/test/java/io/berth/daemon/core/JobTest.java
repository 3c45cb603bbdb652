package io.berth.daemon.core;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static io.berth.daemon.core.TestJobs.aRunningJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.JobRequests;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTest {
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void aRequeuedJobKeepsItsPlaceAndAttemptsButGivesUpItsGpus() {
        Job queued = aQueuedJob();
        Job running = queued.claimed(List.of("1", "3")).started("c1", NOW);
        assertThat(running.gpuIds()).containsExactly("1", "3");

        Job requeued = running.requeued("its container vanished");
        assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.gpuIds()).isEmpty();
        assertThat(requeued.containerId()).isNull();
        assertThat(requeued.queuePosition()).isEqualTo(queued.queuePosition());
        assertThat(requeued.claimed().attempt()).isEqualTo(2);
    }

    @Test
    void attemptsLeftCountTheJobsOwnMaxOrTheServersDefault() {
        Job first = aQueuedJob().claimed();
        assertThat(first.hasAttemptsLeft(2)).isTrue();
        assertThat(first.requeued("lost").claimed().hasAttemptsLeft(2)).isFalse();
        Job asksForOne = first.toBuilder().spec(first.spec().withRequests(JobRequests.none().withMaxAttempts(1)))
                .build();
        assertThat(asksForOne.hasAttemptsLeft(5)).isFalse();
    }

    @Test
    void claimingCountsAnAttemptAndEveryChangeBumpsTheVersion() {
        Job queued = aQueuedJob();
        Job claimed = queued.claimed();
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.version()).isEqualTo(queued.version() + 1);
        assertThat(claimed.withStopRequested().version()).isEqualTo(claimed.version() + 1);
    }

    @Test
    void finishedJobsCannotChangeState() {
        Job completed = aRunningJob().completed(NOW);
        assertThatThrownBy(() -> completed.stopped("late", NOW))
                .isInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining(completed.id())
                .hasMessageContaining("completed to stopped");
        assertThatThrownBy(() -> completed.claimed()).isInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void aQueuedJobCannotCompleteWithoutRunning() {
        assertThatThrownBy(() -> aQueuedJob().completed(NOW)).isInstanceOf(IllegalJobTransitionException.class);
    }
}
