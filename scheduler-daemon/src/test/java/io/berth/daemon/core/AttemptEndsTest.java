package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** How an attempt ended, from what the runtime reported: one row a case. */
class AttemptEndsTest {
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration LIMIT = Duration.ofMinutes(90);
    private static final boolean ANSWERS = true;
    private static final boolean AWAY = false;

    /** code, OOM-killed, timed out, engine was away, engine answers now → the end. */
    static Stream<Arguments> exits() {
        return Stream.of(
                row(0, false, false, false, ANSWERS, new AttemptEnd.Exited(0, false, AT, null)),
                row(3, false, false, false, ANSWERS, new AttemptEnd.Exited(3, false, AT, null)),
                row(0, true, false, false, ANSWERS, new AttemptEnd.Exited(0, true, AT, null)),
                row(143, false, true, false, AWAY, new AttemptEnd.TimedOut(143, LIMIT, AT)),
                row(143, false, false, false, AWAY, AttemptEnd.LostToEngine.stoppedWithTheEngine(143)),
                row(137, false, false, true, ANSWERS, AttemptEnd.LostToEngine.stoppedWithTheEngine(137)),
                row(137, true, false, true, ANSWERS, new AttemptEnd.Exited(137, true, AT, null)),
                row(2, false, false, true, ANSWERS, new AttemptEnd.Exited(2, false, AT, null)),
                row(0, false, false, true, AWAY, new AttemptEnd.Exited(0, false, AT, null)));
    }

    private static Arguments row(int code, boolean oom, boolean timedOut, boolean engineWasAway, boolean answers,
                                 AttemptEnd expected) {
        return Arguments.of(code, oom, timedOut, engineWasAway, answers, expected);
    }

    @ParameterizedTest(name = "exit {0}, oom {1}, timed out {2}, engine was away {3}, answers {4} → {5}")
    @MethodSource("exits")
    void anExitIsTheJobsUnlessTheEngineEndedIt(int code, boolean oom, boolean timedOut, boolean engineWasAway,
                                               boolean answers, AttemptEnd expected) {
        AttemptEnd end = AttemptEnds.ofExit(new ExitStatus(code, oom), AT, timedOut ? LIMIT : null, engineWasAway,
                () -> answers, null);
        assertThat(end).isEqualTo(expected);
    }

    @Test
    void anExitAnAgentsLeaseWatchMadeIsTheLeasesWhateverElseItLooksLike() {
        ExitStatus killed = new ExitStatus(137, false, AT).withLeaseLost("agent a-1 went away");
        assertThat(AttemptEnds.ofExit(killed, AT, LIMIT, true, () -> false, null))
                .isEqualTo(new AttemptEnd.LeaseLost("agent a-1 went away"));
    }

    @ParameterizedTest
    @MethodSource("exits")
    void theEngineIsAskedOnlyWhenTheExitAloneDoesNotTell(int code, boolean oom, boolean timedOut,
                                                          boolean engineWasAway, boolean answers, AttemptEnd expected) {
        AtomicInteger asked = new AtomicInteger();
        AttemptEnds.ofExit(new ExitStatus(code, oom), AT, timedOut ? LIMIT : null, engineWasAway,
                () -> asked.incrementAndGet() > 0 && answers, null);
        boolean exitTells = timedOut || code == 0 || (engineWasAway && !oom && (code == 143 || code == 137));
        assertThat(asked.get()).isEqualTo(exitTells ? 0 : 1);
    }

    static Stream<Arguments> startFailures() {
        return Stream.of(
                Arguments.of(new ImageNotFoundException("missing", null), AttemptEnd.JobCouldNotStart.class),
                Arguments.of(new ContainerStartException("bad entrypoint", null), AttemptEnd.JobCouldNotStart.class),
                Arguments.of(DependencyInstallException.failed("requirements.txt", 1), AttemptEnd.JobCouldNotStart.class),
                Arguments.of(new InvalidBundleException("bad tar"), AttemptEnd.JobCouldNotStart.class),
                Arguments.of(new UncheckedIOException(new java.io.IOException("disk full")),
                        AttemptEnd.JobCouldNotStart.class),
                Arguments.of(new EngineFaultException("broken pipe", "broken pipe", null),
                        AttemptEnd.EngineFault.class),
                Arguments.of(new ContainerRuntimeException("no space left on device"), AttemptEnd.EngineCouldNotStart.class));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("startFailures")
    void aStartFailureIsTheJobsOwnOrTheEngines(RuntimeException cause, Class<? extends AttemptEnd> kind) {
        AttemptEnd end = AttemptEnds.ofStartFailure(cause);
        assertThat(end).isInstanceOf(kind);
        assertThat(end.reason()).contains(cause.getMessage());
    }

    @Test
    void aStartFailureSaysWhoseFaultItWas() {
        assertThat(AttemptEnds.ofStartFailure(new ContainerRuntimeException("no space left on device")).reason())
                .isEqualTo("Docker could not start its container: no space left on device");
        assertThat(AttemptEnds.ofStartFailure(new EngineFaultException("its network bridge is missing",
                "could not start container x: could not find bridge docker0", null)).reason())
                .isEqualTo("the Docker engine failed to start its container (its network bridge is missing);"
                        + " it waits in the queue, no attempt used");
        assertThat(AttemptEnds.ofStartFailure(new InvalidBundleException("bad tar")).reason())
                .isEqualTo("cannot prepare the job's files: bad tar");
        assertThatThrownBy(() -> AttemptEnds.ofStartFailure(new IllegalStateException("bug")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExitTakesTheEnginesTimeWithinTheJobsStartAndNow() {
        Instant started = AT.minusSeconds(60);
        assertThat(AttemptEnds.exitedAt(AT.minusSeconds(10), started, AT)).isEqualTo(AT.minusSeconds(10));
        assertThat(AttemptEnds.exitedAt(null, started, AT)).isEqualTo(AT);
        assertThat(AttemptEnds.exitedAt(AT.plusSeconds(5), started, AT)).isEqualTo(AT);
        assertThat(AttemptEnds.exitedAt(started.minusSeconds(1), started, AT)).isEqualTo(started);
    }
}
