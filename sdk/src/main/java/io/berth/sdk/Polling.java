package io.berth.sdk;

import java.time.Duration;
import java.time.Instant;

/**
 * Waiting for the server to change its answer: pauses that start short and grow to a ceiling (100, 200,
 * 400, 500, 500... ms), never past the deadline.
 */
final class Polling {
    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofMillis(500);

    private final Instant deadline;
    private Duration pause = FIRST;

    private Polling(Instant deadline) {
        this.deadline = deadline;
    }

    /** @param timeout how long to wait in all; zero means look once */
    static Polling upTo(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("a timeout must be zero or more, got " + timeout);
        }
        Instant now = Instant.now();
        // a timeout of years is "forever", not an overflow
        return new Polling(timeout.compareTo(Duration.ofDays(365)) > 0 ? Instant.MAX : now.plus(timeout));
    }

    /** What is left before the deadline; zero once it has passed. */
    Duration left() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    boolean expired() {
        return !Instant.now().isBefore(deadline);
    }

    /** Sleeps the next pause, cut short at the deadline. */
    void pause() {
        Duration left = Duration.between(Instant.now(), deadline);
        Duration sleep = left.compareTo(pause) < 0 ? left : pause;
        pause = pause.multipliedBy(2).compareTo(MAX) > 0 ? MAX : pause.multipliedBy(2);
        if (sleep.isNegative() || sleep.isZero()) {
            return;
        }
        try {
            Thread.sleep(sleep.toMillis(), sleep.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("interrupted while waiting", e);
        }
    }
}
