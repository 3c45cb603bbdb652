package io.berth.daemon.core;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes queued jobs, oldest first, while the server has free slots, and hands each to a {@link JobRunner}
 * on its own thread. It wakes when a job is submitted or ends (no polling delay between a submit and its
 * container), and also every {@code pollInterval} to catch jobs queued by another process.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final JobStore store;
    private final JobRunner runner;
    private final int slots;
    private final Duration pollInterval;
    private final Semaphore wakeups = new Semaphore(0);
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final ExecutorService runs;
    private final ExecutorService stops;
    private volatile boolean closed;
    private Thread loop;

    public Dispatcher(JobStore store, JobRunner runner, int slots, Duration pollInterval) {
        this.store = store;
        this.runner = runner;
        this.slots = slots;
        this.pollInterval = pollInterval;
        this.runs = Executors.newCachedThreadPool(named("job-run"));
        this.stops = Executors.newCachedThreadPool(named("job-stop"));
    }

    public synchronized void start() {
        loop = new Thread(this::loop, "dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    /** Look at the queue now. */
    public void wake() {
        wakeups.release();
    }

    /** Tells an active job's container to stop, without making the caller wait for the grace period. */
    public void stop(Job job) {
        stops.execute(() -> runner.stop(job));
    }

    public int slots() {
        return slots;
    }

    public int activeCount() {
        return active.size();
    }

    /** The jobs this dispatcher has started and not yet seen end. */
    public java.util.List<String> activeJobIds() {
        return java.util.List.copyOf(active);
    }

    private void loop() {
        while (!closed) {
            try {
                wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                dispatchWhileSlotsFree();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Redis down or similar: log, and try again at the next wake-up rather than die
                LOG.error("dispatching failed; will retry: {}", e.getMessage(), e);
            }
        }
    }

    private void dispatchWhileSlotsFree() {
        for (String id : store.queue()) {
            if (closed || active.size() >= slots) {
                return;
            }
            claim(id).ifPresent(job -> {
                active.add(job.id());
                runs.execute(() -> {
                    try {
                        runner.run(job);
                    } finally {
                        active.remove(job.id());
                        wake();
                    }
                });
            });
        }
    }

    /** Moves the job from queued to starting, unless someone else did something to it first. */
    private Optional<Job> claim(String id) {
        return store.find(id)
                .filter(job -> job.state() == JobState.QUEUED)
                .map(job -> {
                    Job claimed = job.claimed();
                    return store.replace(job, claimed) ? claimed : null;
                });
    }

    @Override
    public void close() {
        closed = true;
        wake();
        if (loop != null) {
            loop.interrupt();
        }
        runs.shutdownNow();
        stops.shutdownNow();
        try {
            // let interrupted runs finish with Redis and Docker before their owner closes those
            runs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
