package io.berth.daemon.core.admission;

import static java.util.Comparator.comparing;
import static java.util.Comparator.comparingInt;
import static java.util.stream.Collectors.groupingBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <li><b>Nodes.</b> Capacity is per {@link Node}: the head's own engine and each agent. A job may run on the
 *     nodes whose labels hold its constraints, and is admitted to the first of them (in the order given) where
 *     it fits; GPU ids are that node's. A starved job holds on the first of them large enough for it, the same
 *     node at every plan while the nodes stay, so its wait stays bounded. A job no node's labels suit waits
 *     (an agent with them may join); one too large for every node it may run on is rejected.
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

    /** As {@link #plan(List, List, List, Instant)} for one node, the head's own engine. */
    public AdmissionPlan plan(List<QueuedJob> queue, Capacity capacity, List<RunningJob> running, Instant now) {
        return plan(queue, List.of(Node.local(capacity)), running, now);
    }

    /**
     * Decides, for the queue as it is now, which jobs start on which nodes, in which order, and why each other
     * waits. Pure.
     */
    public AdmissionPlan plan(List<QueuedJob> queue, List<Node> nodes, List<RunningJob> running, Instant now) {
        requireDistinctJobIds(queue, running);
        // sorted() is stable, so equal keys keep queue order
        List<QueuedJob> byPriority = queue.stream().sorted(comparingInt(QueuedJob::priority).reversed()).toList();
        List<QueuedJob> byAge = queue.stream().sorted(comparing(QueuedJob::queuedAt)).toList();
        return decide(byPriority, byAge, nodes, running, now, false);
    }

    /**
     * The jobs to start now, from a queue given in its two orders: as {@link #plan}, but it stops at the
     * first job met when no node has a slot free (every job takes one), so its cost is the jobs it admits, holds
     * or passes over, not the queue's length. Its {@code waiting} lists only the jobs it considered.
     */
    public AdmissionPlan admissions(QueueOrders queue, List<Node> nodes, List<RunningJob> running, Instant now) {
        return decide(queue.byPriority(), queue.byAge(), nodes, running, now, true);
    }

    private AdmissionPlan decide(Iterable<QueuedJob> byPriority, Iterable<QueuedJob> byAge, List<Node> nodes,
                                 List<RunningJob> running, Instant now, boolean untilFull) {
        Objects.requireNonNull(now, "now");
        Map<String, Ledger> ledgers = ledgers(nodes, running);
        List<Admission> admit = new ArrayList<>();
        List<Waiting> waiting = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (QueuedJob job : considerationOrder(byPriority, byAge, now)) {
            if (untilFull && ledgers.values().stream().noneMatch(Ledger::slotFree)) {
                break;
            }
            List<Node> eligible = nodes.stream().filter(node -> node.satisfies(job.constraints())).toList();
            if (eligible.isEmpty()) {
                waiting.add(new Waiting(job.jobId(), Reasons.noNodeHas(job.constraints()), null));
                continue;
            }
            Amounts need = Amounts.takenBy(job.request());
            Optional<String> impossible = whyImpossible(job.request(), eligible);
            Optional<Node> fits = eligible.stream().filter(node -> ledgers.get(node.name()).fits(need)).findFirst();
            if (impossible.isPresent()) {
                rejected.add(new Rejection(job.jobId(), impossible.get()));
            } else if (fits.isPresent()) {
                Node node = fits.get();
                admit.add(new Admission(job.jobId(), ledgers.get(node.name()).take(need), node.name()));
            } else if (isStarved(job, now)) {
                Waiting why = whyWaiting(job.jobId(), need, eligible, ledgers);
                // held on one node, the same at every plan while the nodes stay, so that the hold grows there
                Node home = eligible.stream().filter(node -> canEverHold(node, need)).findFirst().orElseThrow();
                ledgers.get(home.name()).hold(job.jobId(), need);
                waiting.add(new Waiting(job.jobId(), Reasons.holding(why.reason(), starvationBound,
                        eligible.size() == 1 ? null : home.name()), why.heldFor()));
            } else {
                waiting.add(whyWaiting(job.jobId(), need, eligible, ledgers));
            }
        }
        return new AdmissionPlan(admit, waiting, rejected);
    }

    private static Map<String, Ledger> ledgers(List<Node> nodes, List<RunningJob> running) {
        Map<String, List<RunningJob>> runningOn = running.stream().collect(groupingBy(RunningJob::node));
        Map<String, Ledger> ledgers = new LinkedHashMap<>();
        for (Node node : nodes) {
            if (ledgers.put(node.name(), new Ledger(node.capacity(), runningOn.getOrDefault(node.name(), List.of())))
                    != null) {
                throw new IllegalArgumentException("node " + node.name() + " is given twice");
            }
        }
        return ledgers;
    }

    /** Why a job waits: the one node's reason, or each eligible node's, named (the first few). */
    private static Waiting whyWaiting(String jobId, Amounts need, List<Node> eligible, Map<String, Ledger> ledgers) {
        if (eligible.size() == 1) {
            return ledgers.get(eligible.get(0).name()).whyWaiting(jobId, need);
        }
        List<String> reasons = new ArrayList<>();
        String heldFor = null;
        for (Node node : eligible) {
            Waiting why = ledgers.get(node.name()).whyWaiting(jobId, need);
            heldFor = heldFor != null ? heldFor : why.heldFor();
            reasons.add(node.name() + ": " + why.reason());
        }
        return new Waiting(jobId, Reasons.onEach(reasons), heldFor);
    }

    /** Why a request can never be met by this capacity (e.g. "needs 4 GPUs, this server has 2"), or empty. */
    public static Optional<String> whyImpossible(Resources request, Capacity capacity) {
        Amounts need = Amounts.takenBy(request);
        Amounts total = Amounts.totalOf(capacity);
        return Dimension.firstShort(need, total).map(d -> Reasons.impossible(d, need, total));
    }

    /**
     * Why a request can never be met by any of the nodes whose labels hold its constraints, or empty: one of them
     * is large enough, or none has the labels (the job waits for a node that has).
     */
    public static Optional<String> whyImpossible(Resources request, Map<String, String> constraints,
                                                 List<Node> nodes) {
        return whyImpossible(request, nodes.stream().filter(node -> node.satisfies(constraints)).toList());
    }

    private static Optional<String> whyImpossible(Resources request, List<Node> eligible) {
        Amounts need = Amounts.takenBy(request);
        if (eligible.isEmpty() || eligible.stream().anyMatch(node -> canEverHold(node, need))) {
            return Optional.empty();
        }
        if (eligible.size() == 1 && eligible.get(0).name().equals(Node.LOCAL)) {
            return whyImpossible(request, eligible.get(0).capacity());
        }
        return Optional.of(Reasons.onEach(eligible.stream().map(node -> {
            Amounts total = Amounts.totalOf(node.capacity());
            Dimension short_ = Dimension.firstShort(need, total).orElseThrow();
            return node.name() + ": " + Reasons.impossibleOnAgent(short_, need, total);
        }).toList()));
    }

    private static boolean canEverHold(Node node, Amounts need) {
        return Dimension.firstShort(need, Amounts.totalOf(node.capacity())).isEmpty();
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
