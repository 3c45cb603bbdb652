package io.berth.sdk;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Rides out a server that stops answering for a while (a restart) in the middle of a wait: the question is
 * asked again, at growing intervals, until the server answers or {@link #TOLERATED} has passed since it
 * last did. Jobs go on while their server restarts; what waits for them should too.
 */
public final class ServerOutages {
    /** How long a wait keeps asking a server that does not answer before it gives up. */
    public static final Duration TOLERATED = Duration.ofMinutes(2);
    private static final long MAX_PAUSE_MILLIS = 2000;

    private ServerOutages() {}

    /**
     * The answer to {@code ask}, asked again while nothing answers, within {@link #TOLERATED}.
     *
     * @param onOutage told once, at the first failure, so a user can be told why nothing moves
     * @throws ServerUnreachableException once the server has not answered for {@link #TOLERATED}
     */
    public static <T> T waitOut(Supplier<T> ask, Runnable onOutage) {
        return waitOut(ask, onOutage, TOLERATED);
    }

    /**
     * As {@link #waitOut(Supplier, Runnable)}, asking for no longer than {@code atMost} (a caller's own
     * deadline: a wait that may take 5 s is not made to take 2 minutes by a server that is away).
     */
    public static <T> T waitOut(Supplier<T> ask, Runnable onOutage, Duration atMost) {
        long tolerated = atMost.isNegative() ? 0 : atMost.compareTo(TOLERATED) < 0 ? atMost.toNanos() : TOLERATED.toNanos();
        long since = 0;
        long pause = 100;
        while (true) {
            try {
                return ask.get();
            } catch (ServerUnreachableException down) {
                long now = System.nanoTime();
                if (since == 0) {
                    since = now;
                    onOutage.run();
                }
                if (now - since >= tolerated) {
                    throw down;
                }
                sleep(Math.min(pause, Math.max(1, (tolerated - (now - since)) / 1_000_000)));
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    public static <T> T waitOut(Supplier<T> ask) {
        return waitOut(ask, () -> { });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("interrupted while waiting for the server", e);
        }
    }
}
