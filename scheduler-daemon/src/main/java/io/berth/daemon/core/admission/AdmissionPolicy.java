package io.berth.daemon.core.admission;

import static java.util.Comparator.comparing;
import static java.util.Comparator.comparingInt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Decides which queued jobs start now, with which GPU ids, and why each other job waits.
 *
 * <ul>
 * <li><b>Fit.</b> A job takes one slot plus the CPUs, memory and GPUs it asks for (0 counts as nothing).
 *     It fits when each is at most what is free: the capacity, minus the running jobs, minus the jobs
 *     admitted earlier in this plan, minus what is held for starved jobs considered before it.
 * <li><b>Order.</b> First the <em>starved</em> jobs, those that have waited at least the starvation
 *     bound, longest-waiting first (then queue order); then all others by priority, highest first, and
 *     queue order within a priority. Waiting jobs are listed in this order.
 * <li><b>Backfill.</b> A job that fits is admitted; one that does not waits, and the jobs after it are
 *     still considered.
 * <li><b>Holds.</b> A starved job that does not fit holds what is free of what it asks for (a slot,
 *     CPUs, memory, GPUs, each up to its request): no job considered after it can take that. As running
 *     jobs end the hold grows, until the job fits and is admitted.
 * <li><b>Why starved jobs outrank priority.</b> If a higher-priority job arriving later could pass a
 *     held job, a steady stream of them would starve it forever. Considered first, a starved job waits
 *     only for the jobs running now and for the starved jobs that crossed the bound before it (finitely
 *     many, each waiting under the same rule), so its wait is bounded.
 * <li><b>Rejection.</b> A request that exceeds the whole capacity can never run: it is rejected with
 *     the reason and neither waits nor holds.
 * <li><b>GPU ids.</b> An admitted job gets the first free ids in the capacity's order.
 * </ul>
 */
public final class AdmissionPolicy {
    private final Duration starvationBound;

    public AdmissionPolicy(Duration starvationBound) {
        Objects.requireNonNull(starvationBound, "starvationBound");
        if (starvationBound.isNegative()) {
            throw new IllegalArgumentException("starvationBound must not be negative, got " + starvationBound);
        }
        this.starvationBound = starvationBound;
    }

    /** Decides, for the queue as it is now, which jobs start, in which order, and why each other waits. Pure. */
    public AdmissionPlan plan(List<QueuedJob> queue, Capacity capacity, List<RunningJob> running, Instant now) {
        requireDistinctJobIds(queue, running);
        // sorted() is stable, so equal keys keep queue order
        List<QueuedJob> byPriority = queue.stream().sorted(comparingInt(QueuedJob::priority).reversed()).toList();
        List<QueuedJob> byAge = queue.stream().sorted(comparing(QueuedJob::queuedAt)).toList();
        return decide(byPriority, byAge, capacity, running, now, false);
    }

    /**
     * The jobs to start now, from a queue given in its two orders: as {@link #plan}, but it stops at the
     * first job met when no slot is free (every job takes one), so its cost is the jobs it admits, holds or
     * passes over, not the queue's length. Its {@code waiting} lists only the jobs it considered.
     */
    public AdmissionPlan admissions(QueueOrders queue, Capacity capacity, List<RunningJob> running, Instant now) {
        return decide(queue.byPriority(), queue.byAge(), capacity, running, now, true);
    }

    private AdmissionPlan decide(Iterable<QueuedJob> byPriority, Iterable<QueuedJob> byAge, Capacity capacity,
                                 List<RunningJob> running, Instant now, boolean untilFull) {
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(now, "now");
        Ledger ledger = new Ledger(capacity, running);
        List<Admission> admit = new ArrayList<>();
        List<Waiting> waiting = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (QueuedJob job : considerationOrder(byPriority, byAge, now)) {
            if (untilFull && !ledger.slotFree()) {
                break;
            }
            Amounts need = Amounts.takenBy(job.request());
            Optional<String> impossible = whyImpossible(job.request(), capacity);
            if (impossible.isPresent()) {
                rejected.add(new Rejection(job.jobId(), impossible.get()));
            } else if (ledger.fits(need)) {
                admit.add(new Admission(job.jobId(), ledger.take(need)));
            } else if (isStarved(job, now)) {
                Waiting why = ledger.whyWaiting(job.jobId(), need);
                ledger.hold(job.jobId(), need);
                waiting.add(new Waiting(job.jobId(), Reasons.holding(why.reason(), starvationBound), why.heldFor()));
            } else {
                waiting.add(ledger.whyWaiting(job.jobId(), need));
            }
        }
        return new AdmissionPlan(admit, waiting, rejected);
    }

    /** Why a request can never be met by this capacity (e.g. "needs 4 GPUs, this server has 2"), or empty. */
    public static Optional<String> whyImpossible(Resources request, Capacity capacity) {
        Amounts need = Amounts.takenBy(request);
        Amounts total = Amounts.totalOf(capacity);
        return Dimension.firstShort(need, total).map(d -> Reasons.impossible(d, need, total));
    }

    /** The starved jobs, longest-waiting first, then the others by priority: computed as it is walked. */
    private Iterable<QueuedJob> considerationOrder(Iterable<QueuedJob> byPriority, Iterable<QueuedJob> byAge,
                                                   Instant now) {
        // the starved are a prefix of the age order: stop at the first job that is not
        Stream<QueuedJob> starved = stream(byAge).takeWhile(job -> isStarved(job, now));
        Stream<QueuedJob> others = stream(byPriority).filter(job -> !isStarved(job, now));
        return Stream.concat(starved, others)::iterator;
    }

    private static Stream<QueuedJob> stream(Iterable<QueuedJob> jobs) {
        return StreamSupport.stream(jobs.spliterator(), false);
    }

    private boolean isStarved(QueuedJob job, Instant now) {
        return Duration.between(job.queuedAt(), now).compareTo(starvationBound) >= 0;
    }

    private static void requireDistinctJobIds(List<QueuedJob> queue, List<RunningJob> running) {
        Set<String> seen = new HashSet<>();
        Stream.concat(queue.stream().map(QueuedJob::jobId), running.stream().map(RunningJob::jobId))
                .filter(id -> !seen.add(id))
                .findFirst()
                .ifPresent(id -> {
                    throw new IllegalArgumentException("job " + id + " is given twice (queued or running)");
                });
    }
}
