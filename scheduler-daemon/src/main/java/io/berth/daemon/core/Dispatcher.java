package io.berth.daemon.core;

import io.berth.daemon.core.admission.AdmissionPlan;
import io.berth.daemon.core.admission.AdmissionPolicy;
import io.berth.daemon.core.admission.Capacity;
import io.berth.daemon.core.admission.Node;
import io.berth.daemon.core.admission.QueuedJob;
import io.berth.daemon.core.admission.Rejection;
import io.berth.daemon.core.admission.Resources;
import io.berth.daemon.core.admission.RunningJob;
import io.berth.wire.JobRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts queued jobs as the {@link AdmissionPolicy} decides for the server's {@link Node}s, and hands
 * each to a {@link JobRunner} on its own thread. It wakes when a job is submitted or ends (no polling
 * delay between a submit and its container), and also every {@code pollInterval} to let waiting jobs cross the
 * starvation bound. It plans from the queue in memory ({@link QueueIndex}): this server is the only writer of its
 * key prefix's jobs. While the Docker engine is away it
 * starts nothing: queued jobs keep their place and their attempts until it is back. Nor while starts are held
 * after the engine failed one for a reason of its own ({@link StartBackoff}): it tries again when the hold ends.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final IndexedJobStore store;
    private final JobRunner runner;
    /** The head's own engine. */
    private final Node local;
    private final Agents agents;
    private final AdmissionPolicy policy;
    private final Clock clock;
    private final Duration pollInterval;
    private final Semaphore wakeups = new Semaphore(0);
    /** What each job this dispatcher started holds until its run ends. */
    private final Map<String, RunningJob> active = new ConcurrentHashMap<>();
    private final ExecutorService runs;
    private final ExecutorService stops;
    private volatile boolean closed;
    /**
     * A burst of submits or ends wakes the dispatcher many times a second, and clients poll /status; one
     * look at the engine per interval does for all. A job claimed in the moment the engine went away waits
     * for it in its runner.
     */
    static final Duration ENGINE_LOOK_INTERVAL = Duration.ofSeconds(1);
    static final String ENGINE_AWAY = "the Docker engine does not answer; starts when it is back";
    /** Whether the last look found the Docker engine away (guarded by {@code this}). */
    private boolean engineAway;
    /** When (System.nanoTime) the engine was last looked at (guarded by {@code this}). */
    private long engineLookedAt = System.nanoTime() - ENGINE_LOOK_INTERVAL.toNanos();
    private Thread loop;
    /** Moves on whenever a job this dispatcher started ends: with the queue's version, what a plan depends on. */
    private final AtomicLong activeVersion = new AtomicLong();
    /**
     * The queue and active versions of the last plan that started nothing (dispatcher thread only): with
     * neither moved on, the next plan would start nothing either (time only makes jobs starved, and a starved
     * job's hold only takes capacity away), so it is not made. {@code -1}: no such plan.
     */
    private long fruitlessQueueVersion = -1;
    private long fruitlessActiveVersion = -1;
    private List<Node> fruitlessNodes = List.of();

    /** A dispatcher without agents: every job runs on the head's own engine. */
    public Dispatcher(IndexedJobStore store, JobRunner runner, Node local, AdmissionPolicy policy, Clock clock,
                      Duration pollInterval) {
        this(store, runner, local, Agents.NONE, policy, clock, pollInterval);
    }

    public Dispatcher(IndexedJobStore store, JobRunner runner, Node local, Agents agents, AdmissionPolicy policy,
                      Clock clock, Duration pollInterval) {
        this.store = store;
        this.runner = runner;
        this.local = local;
        this.agents = agents;
        this.policy = policy;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.runs = Executors.newCachedThreadPool(DaemonThreads.named("job-run"));
        this.stops = Executors.newCachedThreadPool(DaemonThreads.named("job-stop"));
    }

    public synchronized void start() {
        loop = new Thread(this::loop, "dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * Takes up the jobs a previous server left starting or running (their containers run on across a
     * restart), counting what they hold before anything new is admitted. Call before {@link #start()}.
     */
    public void recover() {
        // found in the index: reading every record would hold a million jobs in memory at once
        List<String> active = store.index().matching(JobFilter.ALL).stream().filter(job -> job.state().isActive())
                .map(IndexedJob::id).toList();
        for (Job job : store.findAll(active)) {
            if (job.state().isActive() && job.node() != null) {
                // its agent runs it and reports; a job it never took is offered again (it ignores one it has)
                LOG.info("job {}: was {} on agent {} when the server stopped", job.id(), job.state().wireName(),
                        job.node());
                this.active.put(job.id(), running(job));
                if (job.state() == JobState.STARTING) {
                    agents.assign(job);
                }
            } else if (job.state().isActive()) {
                LOG.info("job {}: was {} when the server stopped; taking it up", job.id(), job.state().wireName());
                track(job, () -> runner.resume(job));
            }
        }
    }

    /** Look at the queue now. */
    public void wake() {
        wakeups.release();
    }

    /** Tells an active job's container to stop, without making the caller wait for the grace period. */
    public void stop(Job job) {
        if (job.node() != null) {
            agents.stop(job);
        } else {
            stops.execute(() -> runner.stop(job));
        }
    }

    /**
     * A job an agent ran no longer holds capacity: its agent recorded its end or queued it again, or it was given
     * back to the queue when its agent was lost.
     */
    public void released(String jobId) {
        if (active.remove(jobId) != null) {
            activeVersion.incrementAndGet();
            wake();
        }
    }

    /** What the head's own engine offers. */
    public Capacity capacity() {
        return local.capacity();
    }

    /** Where jobs may run: the head's own engine, with its labels, then each ready agent. */
    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        nodes.add(local);
        nodes.addAll(agents.ready());
        return nodes;
    }

    /** The nodes a job could start on now: as {@link #nodes()}, but the head's engine only while it can start one. */
    private List<Node> startable() {
        List<Node> nodes = new ArrayList<>();
        if (engineAnswers() && !runner.startsHeld()) {
            nodes.add(local);
        }
        nodes.addAll(agents.ready());
        return nodes;
    }

    /**
     * Why a job with these requests could never run on the nodes there are, or empty: it could, or no node has the
     * labels it asks for (it waits for one).
     */
    public Optional<String> whyNeverRuns(JobRequests requests) {
        return AdmissionPolicy.whyImpossible(resourcesOf(requests), requests.constraintsOrNone(), nodes());
    }

    /** The jobs this dispatcher has started and not yet seen end, with what they hold. */
    public List<RunningJob> active() {
        return List.copyOf(active.values());
    }

    /** How many jobs are starting or running on this node now. */
    public int activeOn(String node) {
        return (int) active.values().stream().filter(job -> job.node().equals(node)).count();
    }

    public int activeCount() {
        return active.size();
    }

    public List<String> activeJobIds() {
        return List.copyOf(active.keySet());
    }

    /** What admission would decide for the queue as it is now: who starts, and why each other job waits. */
    public AdmissionPlan explain() {
        // a job queued again by its run is still active until that run returns: it waits for the next look
        List<QueuedJob> queued = store.queueIndex().inQueueOrder().stream().map(QueueIndex.Entry::job)
                .filter(job -> !active.containsKey(job.jobId())).toList();
        return policy.plan(queued, nodes(), active(), clock.instant());
    }

    /** The resources a job's requests count for against the capacity. */
    public static Resources resourcesOf(Job job) {
        return resourcesOf(job.requests());
    }

    public static Resources resourcesOf(JobRequests requests) {
        long milliCpus = requests.cpus() == null ? 0 : Math.round(requests.cpus() * 1000);
        long memory = requests.memoryBytes() == null ? 0 : requests.memoryBytes();
        Resources resources = new Resources(milliCpus, memory, requests.gpus());
        return resources.equals(Resources.NONE) ? Resources.NONE : resources; // most jobs: one copy for all
    }

    private void loop() {
        while (!closed) {
            try {
                wakeups.tryAcquire(untilNextLook().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                dispatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return; // interrupted by close()
                }
                // Redis down or similar: log, and try again at the next wake-up rather than die
                LOG.error("dispatching failed; will retry: {}", e.getMessage(), e);
            }
        }
    }

    /** The poll interval, or less when starts held after an engine fault may be tried again sooner. */
    private Duration untilNextLook() {
        return runner.startHold()
                .map(hold -> Duration.between(clock.instant(), hold.nextTry()))
                .filter(wait -> !wait.isNegative() && wait.compareTo(pollInterval) < 0)
                .map(wait -> wait.plusMillis(1)) // past the hold's end, not at it
                .orElse(pollInterval);
    }

    /**
     * Why a job admission would start now does not start, if it does not: the engine does not answer, or it
     * failed the last start and starts are held (and when they are tried again).
     */
    public Optional<String> whyStartsWait() {
        if (!engineAnswers()) {
            return Optional.of(ENGINE_AWAY);
        }
        return runner.startHold().map(hold -> hold.reason(clock.instant()));
    }

    /**
     * Starts what admission admits, reading from the store only the jobs it starts or refuses: the plan is made
     * from the queue in memory and stops when the slots are full, so a decision costs the same whatever the
     * queue's length.
     */
    private void dispatch() {
        QueueIndex queue = store.queueIndex();
        if (queue.isEmpty()) {
            return;
        }
        List<Node> nodes = startable();
        if (!slotFree(nodes)) {
            return; // nothing can start; the next run to end wakes us
        }
        long queueVersion = queue.version();
        long activeSeen = activeVersion.get();
        if (queueVersion == fruitlessQueueVersion && activeSeen == fruitlessActiveVersion
                && nodes.equals(fruitlessNodes)) {
            return;
        }
        AdmissionPlan plan = policy.admissions(queue.orders(active::containsKey), nodes, active(), clock.instant());
        if (plan.admit().isEmpty() && plan.rejected().isEmpty()) {
            fruitlessQueueVersion = queueVersion;
            fruitlessActiveVersion = activeSeen;
            fruitlessNodes = nodes;
            return;
        }
        for (Rejection rejection : plan.rejected()) {
            claim(rejection.jobId(), List.of(), null)
                    .ifPresent(claimed -> runs.execute(() -> runner.refuse(claimed, rejection.reason())));
        }
        for (var admission : plan.admit()) {
            if (closed) {
                return;
            }
            if (admission.node().equals(Node.LOCAL)) {
                claim(admission.jobId(), admission.gpuIds(), null)
                        .ifPresent(claimed -> track(claimed, () -> runner.run(claimed)));
            } else {
                claim(admission.jobId(), admission.gpuIds(), admission.node()).ifPresent(claimed -> {
                    active.put(claimed.id(), running(claimed));
                    agents.assign(claimed);
                });
            }
        }
    }

    /** Whether any of these nodes has a slot no job holds. */
    private boolean slotFree(List<Node> nodes) {
        Map<String, Long> held = active.values().stream()
                .collect(Collectors.groupingBy(RunningJob::node, Collectors.counting()));
        return nodes.stream().anyMatch(node -> held.getOrDefault(node.name(), 0L) < node.capacity().slots());
    }

    /**
     * Whether the Docker engine answers, as looked at most {@link #ENGINE_LOOK_INTERVAL} ago (looking again
     * after that); the log says when the answer changes. While it does not answer, nothing starts.
     */
    public synchronized boolean engineAnswers() {
        long now = System.nanoTime();
        if (now - engineLookedAt < ENGINE_LOOK_INTERVAL.toNanos()) {
            return !engineAway;
        }
        engineLookedAt = now;
        boolean answers = runner.engineAnswers();
        if (answers == engineAway) {
            engineAway = !answers;
            if (answers) {
                LOG.info("the Docker engine answers again; starting queued jobs");
            } else {
                LOG.warn("the Docker engine does not answer; queued jobs wait for it");
            }
        }
        return answers;
    }

    /** Runs {@code run} on its own thread, holding the job's capacity until it returns. */
    private void track(Job job, Runnable run) {
        active.put(job.id(), running(job));
        runs.execute(() -> {
            try {
                run.run();
            } finally {
                active.remove(job.id());
                activeVersion.incrementAndGet();
                wake();
            }
        });
    }

    private static RunningJob running(Job job) {
        return new RunningJob(job.id(), resourcesOf(job), job.gpuIds(), job.node() == null ? Node.LOCAL : job.node());
    }

    /**
     * Moves the job from queued to starting with its GPUs, for {@code agent} (null: the head's engine), unless it
     * left the queue or someone changed it first.
     */
    private Optional<Job> claim(String jobId, List<String> gpuIds, String agent) {
        Job job = store.find(jobId).filter(queued -> queued.state() == JobState.QUEUED).orElse(null);
        if (job == null) {
            return Optional.empty();
        }
        Job claimed = job.claimed(gpuIds, agent);
        return store.replace(job, claimed) ? Optional.of(claimed) : Optional.empty();
    }

    /** Stops dispatching; jobs running now are left running, for the next start to take up. */
    @Override
    public void close() {
        closed = true;
        runner.leaveRunningJobs();
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
        runner.close();
    }
}
