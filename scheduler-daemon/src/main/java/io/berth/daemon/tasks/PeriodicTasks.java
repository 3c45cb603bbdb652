package io.berth.daemon.tasks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the daemon's periodic tasks, each on a fixed delay, and stops them all together. */
public final class PeriodicTasks implements AutoCloseable {
    // two threads: a long task (a sweep of leftovers) must not hold up a frequent one (collecting results)
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "periodic-tasks");
        thread.setDaemon(true);
        return thread;
    });

    public PeriodicTasks every(Duration delay, Runnable task) {
        return every(delay, delay, task);
    }

    /** @param first how long after now the first run is */
    public PeriodicTasks every(Duration delay, Duration first, Runnable task) {
        scheduler.scheduleWithFixedDelay(task, first.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
