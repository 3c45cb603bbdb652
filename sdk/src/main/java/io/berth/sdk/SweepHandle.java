package io.berth.sdk;

import io.berth.wire.BulkResult;
import io.berth.wire.JobView;
import io.berth.wire.SweepCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sweep on the server: its jobs, how far they are, and their results as they come in. {@link #collect}
 * hands out each finished job once, in the order they finished (Hypertunity's dispatch/collect); it
 * remembers what it has handed out in this handle, so use one handle per consumer. Everything else asks
 * the server afresh. While they wait, {@link #collect} and {@link #awaitAll} ask only for the sweep's counts by
 * state, and read its jobs when those say there is something to hand out: a sweep of 100,000 jobs is read once
 * per batch, not once a second.
 */
public final class SweepHandle {
    private static final Comparator<JobView> FINISH_ORDER = Comparator
            .comparing(JobView::finishedAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(JobView::id);

    private final BerthClient client;
    private final String id;
    private final Set<String> collected = new HashSet<>(); // guarded by this

    SweepHandle(BerthClient client, String id) {
        this.client = client;
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Its jobs, in the order of the parameter sets that made them (the order they were queued in). */
    public List<JobHandle> jobs() {
        return views().stream().map(job -> new JobHandle(client, job.id())).toList();
    }

    /** Its jobs as the server has them now, in queue order, each with its params and latest metrics. */
    public List<JobView> views() {
        return client.sweep(id).jobs();
    }

    /**
     * The next jobs to finish: up to {@code n} of those that have finished (completed, failed or stopped) and
     * that no earlier call returned, in the order they finished. Waits until {@code n} are there, or until
     * every job has finished, or until {@code timeout} has passed, and returns what it has then: possibly
     * fewer than {@code n}, possibly none. {@code Duration.ZERO} looks once, without waiting.
     *
     * <pre>{@code
     * while (!sweep.allCollected()) {
     *     for (JobView job : sweep.collect(4, Duration.ofMinutes(10))) { ... }
     * }
     * }</pre>
     *
     * @return finished jobs with their params and latest metrics; empty if none finished in time or all
     *         have been collected already ({@link #allCollected} tells which)
     */
    public synchronized List<JobView> collect(int n, Duration timeout) {
        if (n < 1) {
            throw new IllegalArgumentException("collect: n must be at least 1, got " + n);
        }
        Polling polling = Polling.upTo(timeout);
        while (true) {
            SweepCounts counts = ServerOutages.waitOut(() -> client.sweepCounts(id), () -> { }, polling.left());
            boolean moreToCome = counts.queued() + counts.running() > 0;
            if (finished(counts) - collected.size() >= n || !moreToCome || polling.expired()) {
                List<JobView> jobs = ServerOutages.waitOut(this::views, () -> { }, polling.left());
                List<JobView> fresh = jobs.stream().filter(job -> job.finished() && !collected.contains(job.id()))
                        .sorted(FINISH_ORDER).toList();
                boolean stillToCome = jobs.stream().anyMatch(job -> !job.finished());
                if (fresh.size() >= n || !stillToCome || polling.expired()) {
                    List<JobView> taken = fresh.subList(0, Math.min(n, fresh.size()));
                    taken.forEach(job -> collected.add(job.id()));
                    return taken;
                }
            }
            polling.pause();
        }
    }

    /** Whether {@link #collect} has returned every job of the sweep: nothing more will come. */
    public synchronized boolean allCollected() {
        return views().stream().allMatch(job -> collected.contains(job.id()));
    }

    /**
     * Waits until every job has finished. Does not count as collecting them.
     *
     * @return every job, finished, in queue order
     * @throws AwaitTimeoutException naming the sweep and the jobs still unfinished after {@code timeout};
     *                               they go on
     */
    public List<JobView> awaitAll(Duration timeout) {
        Polling polling = Polling.upTo(timeout);
        while (true) {
            SweepCounts counts = ServerOutages.waitOut(() -> client.sweepCounts(id), () -> { }, polling.left());
            if (counts.queued() + counts.running() == 0 || polling.expired()) {
                List<JobView> jobs = ServerOutages.waitOut(this::views, () -> { }, polling.left());
                List<String> unfinished = jobs.stream().filter(job -> !job.finished()).map(JobView::id).toList();
                if (unfinished.isEmpty()) {
                    return jobs;
                }
                if (polling.expired()) {
                    throw AwaitTimeoutException.sweep(id, unfinished, jobs.size(), timeout);
                }
            }
            polling.pause();
        }
    }

    private static int finished(SweepCounts counts) {
        return counts.completed() + counts.failed() + counts.stopped();
    }

    /** How many jobs are queued, running, completed, failed and stopped now (counted by the server). */
    public SweepProgress progress() {
        SweepCounts counts = client.sweepCounts(id);
        return new SweepProgress(counts.queued(), counts.running(), counts.completed(), counts.failed(), counts.stopped());
    }

    /** Stops every job that has not finished; the answer lists those stopped and those skipped, with why. */
    public BulkResult stop() {
        return client.stopSweep(id);
    }

    @Override
    public String toString() {
        return "sweep " + id;
    }
}
