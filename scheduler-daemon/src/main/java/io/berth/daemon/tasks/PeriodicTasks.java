package io.berth.daemon.tasks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the daemon's periodic tasks, each on a fixed delay, and stops them all together. */
public final class PeriodicTasks implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "periodic-tasks");
        thread.setDaemon(true);
        return thread;
    });

    public PeriodicTasks every(Duration delay, Runnable task) {
        scheduler.scheduleWithFixedDelay(task, delay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
