package io.berth.daemon.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Holds container starts after the engine failed one for a reason of its own, and says when to try again:
 * exponential back-off from {@code first}, doubling to at most {@code longest}, each wait shortened by up to a
 * quarter at random so that servers sharing an engine do not come back in step. A start that works ends the
 * hold and the back-off. Starts that were under way when the hold began fail within it and do not lengthen it.
 */
final class StartBackoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofMinutes(2);
    private static final double JITTER = 0.25;

    private final Clock clock;
    private final DoubleSupplier random;
    private final Duration first;
    private final Duration longest;
    private int failures;
    private Instant nextTry;
    private String fault;

    /** @param random numbers in [0, 1) */
    StartBackoff(Clock clock, DoubleSupplier random, Duration first, Duration longest) {
        this.clock = clock;
        this.random = random;
        this.first = first;
        this.longest = longest;
    }

    /** Why starts are held and until when; empty while they are not. */
    record Hold(String fault, Instant nextTry, int failures) {
        /** "the Docker engine failed to start a container (its network bridge is missing); next try in 8 s". */
        String reason(Instant now) {
            long seconds = (Duration.between(now, nextTry).toMillis() + 999) / 1000;
            return "the Docker engine failed to start a container (" + fault + "); "
                    + (seconds > 0 ? "next try in " + seconds + " s" : "trying again now");
        }
    }

    /**
     * The engine failed a start: hold starts for the next wait, unless they are held already.
     *
     * @return whether this began a new hold
     */
    synchronized boolean failed(String fault) {
        Instant now = clock.instant();
        this.fault = fault;
        if (nextTry != null && now.isBefore(nextTry)) {
            return false; // a start under way when the hold began
        }
        failures++;
        nextTry = now.plus(wait(failures));
        return true;
    }

    /** A start worked: the engine works again. */
    synchronized void worked() {
        failures = 0;
        nextTry = null;
        fault = null;
    }

    /** Whether starts are held now. */
    synchronized boolean holds() {
        return nextTry != null && clock.instant().isBefore(nextTry);
    }

    /** The hold, while the back-off has not been reset by a start that worked (its next try may be due). */
    synchronized Optional<Hold> hold() {
        return nextTry == null ? Optional.empty() : Optional.of(new Hold(fault, nextTry, failures));
    }

    /** The wait after the n-th failure in a row: first·2^(n-1), at most longest, less up to a quarter. */
    Duration wait(int failures) {
        Duration nominal = longest;
        if (failures - 1 < 31 && first.multipliedBy(1L << (failures - 1)).compareTo(longest) < 0) {
            nominal = first.multipliedBy(1L << (failures - 1));
        }
        return nominal.minusMillis(Math.round(nominal.toMillis() * JITTER * random.getAsDouble()));
    }
}
