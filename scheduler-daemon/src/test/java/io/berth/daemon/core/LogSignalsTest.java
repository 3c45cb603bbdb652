package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogSignalsTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private final LogSignals signals = new LogSignals();

    /** A watch whose first wait (which returns at once, in case the job changed before it began) is behind it. */
    private LogSignals.Watch settledWatch(String jobId) throws InterruptedException {
        LogSignals.Watch watch = signals.watch(jobId);
        assertThat(watch.await(LONG)).isEqualTo(LogSignals.Wake.CHANGED);
        return watch;
    }

    @Test
    void aWaitingFollowerWakesWhenTheLogIsWritten() throws Exception {
        try (LogSignals.Watch watch = settledWatch("j1")) {
            CompletableFuture<LogSignals.Wake> wake = CompletableFuture.supplyAsync(() -> awaitQuietly(watch));
            Thread.sleep(50); // most likely waiting by now; if not, the signal below is still seen
            long start = System.nanoTime();
            signals.written("j1");

            assertThat(wake.get(10, TimeUnit.SECONDS)).isEqualTo(LogSignals.Wake.WRITTEN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);
        }
    }

    @Test
    void aChangeOfTheJobWinsOverWritesInTheSameWake() throws Exception {
        try (LogSignals.Watch watch = settledWatch("j1")) {
            signals.written("j1");
            signals.changed("j1");
            signals.written("j1");

            assertThat(watch.await(LONG)).isEqualTo(LogSignals.Wake.CHANGED);
        }
    }

    @Test
    void aSignalBetweenTwoWaitsIsNotMissed() throws Exception {
        try (LogSignals.Watch watch = settledWatch("j1")) {
            signals.written("j1");

            long start = System.nanoTime();
            assertThat(watch.await(LONG)).isEqualTo(LogSignals.Wake.WRITTEN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutASignalTheWaitEndsAtItsTimeout() throws Exception {
        try (LogSignals.Watch watch = settledWatch("j1")) {
            signals.written("another job");

            long start = System.nanoTime();
            assertThat(watch.await(Duration.ofMillis(50))).isEqualTo(LogSignals.Wake.TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        }
    }

    @Test
    void aJobHasAnEntryOnlyWhileSomeoneFollowsIt() {
        signals.written("j1");
        signals.changed("j1");
        assertThat(signals.watched()).isZero();

        LogSignals.Watch first = signals.watch("j1");
        LogSignals.Watch second = signals.watch("j1");
        assertThat(signals.watched()).isEqualTo(1);
        first.close();
        assertThat(signals.watched()).isEqualTo(1);
        second.close();
        assertThat(signals.watched()).isZero();
    }

    @Test
    void aSignallingLogPassesItsBytesOnAndSignalsAtEachFlush() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (LogSignals.Watch watch = settledWatch("j1"); OutputStream log = signals.signalling("j1", file)) {
            log.write("hello\n".getBytes(StandardCharsets.UTF_8));
            assertThat(watch.await(Duration.ofMillis(10))).isEqualTo(LogSignals.Wake.TIMED_OUT);

            log.flush();
            assertThat(watch.await(LONG)).isEqualTo(LogSignals.Wake.WRITTEN);
        }
        assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
    }

    private static LogSignals.Wake awaitQuietly(LogSignals.Watch watch) {
        try {
            return watch.await(LONG);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
