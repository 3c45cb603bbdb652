package io.berth.daemon.core;

import static io.berth.daemon.core.AttemptOutcome.Transition.COMPLETED;
import static io.berth.daemon.core.AttemptOutcome.Transition.FAILED;
import static io.berth.daemon.core.AttemptOutcome.Transition.LEFT_AS_IS;
import static io.berth.daemon.core.AttemptOutcome.Transition.LOST_TO_ENGINE;
import static io.berth.daemon.core.AttemptOutcome.Transition.RETRIED;
import static io.berth.daemon.core.AttemptOutcome.Transition.RETURNED;
import static io.berth.daemon.core.AttemptOutcome.Transition.STOPPED;
import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.core.AttemptEnd.ContainerVanished;
import io.berth.daemon.core.AttemptEnd.EngineCouldNotStart;
import io.berth.daemon.core.AttemptEnd.EngineFault;
import io.berth.daemon.core.AttemptEnd.Exited;
import io.berth.daemon.core.AttemptEnd.JobCouldNotStart;
import io.berth.daemon.core.AttemptEnd.LeftRunning;
import io.berth.daemon.core.AttemptEnd.LostToEngine;
import io.berth.daemon.core.AttemptEnd.LostTouch;
import io.berth.daemon.core.AttemptEnd.StoppedByUser;
import io.berth.daemon.core.AttemptEnd.TimedOut;
import io.berth.daemon.core.AttemptOutcome.Transition;
import io.berth.wire.JobRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each way an attempt can end does to its job, under each retry policy and with a stop request: one row a case. */
class AttemptOutcomeTest {
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant NOW = AT.plusSeconds(5);
    private static final String HINT = "image x has no /bin/sh";

    /** The job the attempt belonged to. */
    enum Given {
        /** attempt 1 of 3 */
        FIRST_OF_3(1, 3, false, false),
        /** attempt 2 of 2 */
        LAST_OF_2(2, 2, false, false),
        /** attempt 1 of 1 */
        ONLY(1, 1, false, false),
        /** attempt 1 of 3, retry_on_failure */
        RETRYING_1_OF_3(1, 3, true, false),
        /** attempt 2 of 2, retry_on_failure */
        RETRYING_LAST_OF_2(2, 2, true, false),
        /** attempt 1 of 3, a user asked it to stop */
        STOP_ASKED(1, 3, false, true),
        /** attempt 1 of 3, retry_on_failure, a user asked it to stop */
        RETRYING_STOP_ASKED(1, 3, true, true);

        final int attempt;
        final int maxAttempts;
        final boolean retryOnFailure;
        final boolean stopRequested;

        Given(int attempt, int maxAttempts, boolean retryOnFailure, boolean stopRequested) {
            this.attempt = attempt;
            this.maxAttempts = maxAttempts;
            this.retryOnFailure = retryOnFailure;
            this.stopRequested = stopRequested;
        }

        Job job() {
            Job queued = aQueuedJob();
            queued = queued.toBuilder()
                    .spec(queued.spec().withRequests(JobRequests.none().withRetryOnFailure(retryOnFailure)))
                    .build();
            Job running = queued.claimed().started("c1", AT.minusSeconds(60));
            for (int n = 1; n < attempt; n++) {
                running = running.requeued("lost").claimed().started("c" + (n + 1), AT.minusSeconds(60));
            }
            return stopRequested ? running.withStopRequested() : running;
        }
    }

    static Stream<Arguments> table() {
        Exited ok = new Exited(0, false, AT, null);
        Exited three = new Exited(3, false, AT, null);
        Exited notFound = new Exited(127, false, AT, HINT);
        Exited oom = new Exited(0, true, AT, null);
        TimedOut timedOut = new TimedOut(143, Duration.ofSeconds(2), AT);
        LostToEngine engineStopped = LostToEngine.stoppedWithTheEngine(143);
        LostTouch lostTouch = LostTouch.because("no exit code");
        AttemptEnd.LeaseLost leaseLost = new AttemptEnd.LeaseLost("agent a-1 went away");
        ContainerVanished vanished = ContainerVanished.removedWhileItRan();
        EngineCouldNotStart unclear = EngineCouldNotStart.because("no space left on device");
        EngineFault noBridge = new EngineFault("its network bridge is missing");
        String waits = "the Docker engine failed to start its container (its network bridge is missing);"
                + " it waits in the queue, no attempt used";
        JobCouldNotStart noImage = new JobCouldNotStart("image missing not found");
        StoppedByUser beforeStart = StoppedByUser.beforeItStarted();
        LeftRunning left = new LeftRunning("the server is stopping");
        return Stream.of(
                // end, given → transition, state, exit code, reason, Berth's log lines
                row(ok, Given.FIRST_OF_3, COMPLETED, JobState.COMPLETED, 0, null, AT),
                row(ok, Given.STOP_ASKED, STOPPED, JobState.STOPPED, 0, "stopped by user", AT),
                row(three, Given.FIRST_OF_3, FAILED, JobState.FAILED, 3, "exit code 3", AT),
                row(three, Given.STOP_ASKED, STOPPED, JobState.STOPPED, 3, "stopped by user", AT),
                row(notFound, Given.FIRST_OF_3, FAILED, JobState.FAILED, 127, "exit code 127 (command not found)", AT,
                        HINT),
                row(oom, Given.FIRST_OF_3, FAILED, JobState.FAILED, 0, "out of memory (killed at its memory limit)", AT,
                        "job failed: out of memory (killed at its memory limit)"),
                row(three, Given.RETRYING_1_OF_3, RETRIED, JobState.QUEUED, null, "attempt 1 of 3: exit code 3", null,
                        "attempt 1 of 3 ended: exit code 3; the job is queued again"),
                row(notFound, Given.RETRYING_1_OF_3, RETRIED, JobState.QUEUED, null,
                        "attempt 1 of 3: exit code 127 (command not found)", null, HINT,
                        "attempt 1 of 3 ended: exit code 127 (command not found); the job is queued again"),
                row(three, Given.RETRYING_LAST_OF_2, FAILED, JobState.FAILED, null,
                        "exit code 3 (gave up after 2 attempts)", AT, "job failed: exit code 3 (gave up after 2 attempts)"),
                row(three, Given.RETRYING_STOP_ASKED, STOPPED, JobState.STOPPED, 3, "stopped by user", AT),
                row(ok, Given.RETRYING_1_OF_3, COMPLETED, JobState.COMPLETED, 0, null, AT),
                row(timedOut, Given.FIRST_OF_3, FAILED, JobState.FAILED, 143, "timeout: ran longer than its limit of 2s", AT,
                        "job failed: timeout: ran longer than its limit of 2s"),
                row(timedOut, Given.RETRYING_1_OF_3, FAILED, JobState.FAILED, 143,
                        "timeout: ran longer than its limit of 2s", AT, "job failed: timeout: ran longer than its limit of 2s"),
                row(timedOut, Given.STOP_ASKED, STOPPED, JobState.STOPPED, 143, "stopped by user", AT),
                row(engineStopped, Given.FIRST_OF_3, LOST_TO_ENGINE, JobState.QUEUED, null,
                        "attempt 1: the Docker engine stopped while it ran (exit 143)", null,
                        "attempt 1 ended: the Docker engine stopped while it ran (exit 143); the job is queued again,"
                                + " this attempt not counted"),
                row(engineStopped, Given.ONLY, LOST_TO_ENGINE, JobState.QUEUED, null,
                        "attempt 1: the Docker engine stopped while it ran (exit 143)", null,
                        "attempt 1 ended: the Docker engine stopped while it ran (exit 143); the job is queued again,"
                                + " this attempt not counted"),
                row(engineStopped, Given.STOP_ASKED, STOPPED, JobState.STOPPED, null, "stopped by user", null),
                row(leaseLost, Given.ONLY, LOST_TO_ENGINE, JobState.QUEUED, null, "attempt 1: agent a-1 went away", null,
                        "attempt 1 ended: agent a-1 went away; the job is queued again, this attempt not counted"),
                row(leaseLost, Given.STOP_ASKED, STOPPED, JobState.STOPPED, null, "stopped by user", null),
                row(lostTouch, Given.FIRST_OF_3, RETRIED, JobState.QUEUED, null,
                        "attempt 1 of 3: Berth lost touch with its container: no exit code", null,
                        "attempt 1 of 3 ended: Berth lost touch with its container: no exit code; the job is queued again"),
                row(lostTouch, Given.LAST_OF_2, FAILED, JobState.FAILED, null,
                        "Berth lost touch with its container: no exit code (gave up after 2 attempts)", null,
                        "job failed: Berth lost touch with its container: no exit code (gave up after 2 attempts)"),
                row(vanished, Given.FIRST_OF_3, RETRIED, JobState.QUEUED, null,
                        "attempt 1 of 3: its container vanished (removed outside Berth?)", null,
                        "attempt 1 of 3 ended: its container vanished (removed outside Berth?); the job is queued again"),
                row(vanished, Given.STOP_ASKED, STOPPED, JobState.STOPPED, null, "stopped by user", null),
                row(unclear, Given.FIRST_OF_3, RETRIED, JobState.QUEUED, null,
                        "attempt 1 of 3: Docker could not start its container: no space left on device", null,
                        "attempt 1 of 3 ended: Docker could not start its container: no space left on device;"
                                + " the job is queued again"),
                row(unclear, Given.LAST_OF_2, FAILED, JobState.FAILED, null,
                        "Docker could not start its container: no space left on device (gave up after 2 attempts)", null,
                        "job failed: Docker could not start its container: no space left on device"
                                + " (gave up after 2 attempts)"),
                row(noBridge, Given.FIRST_OF_3, RETURNED, JobState.QUEUED, null, waits, null, waits),
                row(noBridge, Given.LAST_OF_2, RETURNED, JobState.QUEUED, null, waits, null, waits),
                row(noBridge, Given.STOP_ASKED, STOPPED, JobState.STOPPED, null, "stopped by user", null),
                row(noImage, Given.FIRST_OF_3, FAILED, JobState.FAILED, null, "image missing not found", null,
                        "job failed: image missing not found"),
                row(noImage, Given.STOP_ASKED, FAILED, JobState.FAILED, null, "image missing not found", null,
                        "job failed: image missing not found"),
                row(beforeStart, Given.STOP_ASKED, STOPPED, JobState.STOPPED, null, "stopped by user before it started",
                        null),
                row(left, Given.FIRST_OF_3, LEFT_AS_IS, JobState.RUNNING, null, "the server is stopping", null));
    }

    private static Arguments row(AttemptEnd end, Given given, Transition transition, JobState state, Integer exitCode,
                                 String reason, Instant finishedAt, String... says) {
        return Arguments.of(end, given, transition, state, exitCode, reason, finishedAt, List.of(says));
    }

    @ParameterizedTest(name = "{0}, {1} → {2}")
    @MethodSource("table")
    void anAttemptsEndMovesItsJob(AttemptEnd end, Given given, Transition transition, JobState state,
                                  Integer exitCode, String reason, Instant finishedAt, List<String> says) {
        Job job = given.job();
        AttemptOutcome outcome = AttemptOutcome.of(end, job, given.maxAttempts);

        assertThat(outcome.transition()).isEqualTo(transition);
        assertThat(outcome.says()).isEqualTo(says);
        Job next = outcome.applyTo(job, NOW);
        assertThat(next.state()).isEqualTo(state);
        assertThat(next.reason()).isEqualTo(transition == LEFT_AS_IS ? job.reason() : reason);
        assertThat(next.exitCode()).isEqualTo(exitCode);
        if (state.isFinished()) {
            assertThat(next.finishedAt()).isEqualTo(finishedAt == null ? NOW : finishedAt);
        }
        if (transition == RETRIED) {
            assertThat(next.attempt()).as("the attempt that ended counts").isEqualTo(job.attempt());
            assertThat(next.queuePosition()).isEqualTo(job.queuePosition());
        }
        if (transition == LOST_TO_ENGINE) {
            assertThat(next.attempt()).as("the attempt stays numbered, its log its own").isEqualTo(job.attempt());
            assertThat(next.hasAttemptsLeft(given.maxAttempts)).as("the engine's end does not count").isTrue();
            assertThat(next.queuePosition()).isEqualTo(job.queuePosition());
        }
        if (transition == RETURNED) {
            assertThat(next.attempt()).as("the engine's fault does not count").isEqualTo(job.attempt() - 1);
            assertThat(next.queuePosition()).isEqualTo(job.queuePosition());
            assertThat(next.gpuIds()).isEmpty();
        }
    }

    @Test
    void theEngineEndingAJobsAttemptsAgainAndAgainFailsItAtLast() {
        LostToEngine engineStopped = LostToEngine.stoppedWithTheEngine(137);
        Job job = Given.ONLY.job();
        for (int lost = 1; lost < AttemptOutcome.MAX_LOST_TO_ENGINE; lost++) {
            AttemptOutcome outcome = AttemptOutcome.of(engineStopped, job, 1);
            assertThat(outcome.transition()).as("loss " + lost).isEqualTo(LOST_TO_ENGINE);
            job = outcome.applyTo(job, NOW).claimed().started("c" + lost, NOW);
        }
        AttemptOutcome last = AttemptOutcome.of(engineStopped, job, 1);

        assertThat(last.transition()).isEqualTo(FAILED);
        assertThat(last.reason()).isEqualTo("the Docker engine stopped while it ran (exit 137) (gave up: the engine"
                + " ended " + AttemptOutcome.MAX_LOST_TO_ENGINE + " of its attempts)");
        assertThat(job.attempt()).isEqualTo(AttemptOutcome.MAX_LOST_TO_ENGINE);
    }
}
