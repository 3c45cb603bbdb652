package io.berth.daemon.redis;

import java.time.Duration;

/**
 * How long to wait before restarting a process that exited: at once after a crash, longer and longer
 * (doubling, up to a limit) while it keeps dying soon after each restart or failing to start, so a Redis
 * that cannot run does not spin. A run that lasts {@code stable} starts the count afresh.
 */
final class RestartBackoff {
    private final Duration stable;
    private final Duration first;
    private final Duration max;
    private Duration next = Duration.ZERO;

    /**
     * @param stable a process that ran this long before it exited is restarted at once
     * @param first  the wait after the first quick death of a restarted process
     * @param max    the longest wait
     */
    RestartBackoff(Duration stable, Duration first, Duration max) {
        this.stable = stable;
        this.first = first;
        this.max = max;
    }

    static RestartBackoff standard() {
        return new RestartBackoff(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The wait before restarting a process that exited after running {@code upFor}. */
    synchronized Duration afterExit(Duration upFor) {
        if (upFor.compareTo(stable) >= 0) {
            next = Duration.ZERO;
        }
        return afterFailedStart();
    }

    /** The wait before trying again after a restart that failed. */
    synchronized Duration afterFailedStart() {
        Duration wait = next;
        Duration doubled = wait.isZero() ? first : wait.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }
}
