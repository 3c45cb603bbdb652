package io.berth.daemon.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job to its end: unpack its bundle, start its container ({@link ContainerStarts}), follow
 * it until the attempt ends ({@link ContainerFollows}), record that end ({@link JobEnds}), remove the
 * container. What ended the attempt is an {@link AttemptEnd}; what that does to the job (completed, failed,
 * stopped, queued again while it has attempts left) is {@link AttemptOutcome}'s to say, not the runner's.
 *
 * <p>The engine going away is not the job's fault (see {@link EngineWaits}). An attempt that has not
 * started yet waits for it and then starts; a container the engine stopped as it shut down (a restart
 * without live-restore) counts as an attempt lost; one that outlived it (live-restore) is followed again
 * from where its log stopped. A server that stops leaves its jobs' containers running for the next start.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobRecords store;
    private final BundleStore bundles;
    private final Workspace workspace;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private final RunSettings settings;
    /** Removes ended containers after their run has returned, so the next job need not wait for it. */
    private final ExecutorService removals = Executors.newSingleThreadExecutor(DaemonThreads.named("container-removal"));
    private volatile boolean leavingRunning;
    private final JobEnds ends;
    private final EngineWaits engineWaits;
    private final ContainerStarts starts;
    private final ContainerFollows follows;
    private final StartBackoff startBackoff;
    private final LogSignals logSignals;

    /** @param logSignals told of each write to a job's log, to wake whoever follows it */
    public JobRunner(JobRecords store, BundleStore bundles, Workspace workspace, ContainerRuntime runtime,
                     DependencyImages dependencies, ResultsCollector results, Clock clock, RunSettings settings,
                     SpecPolicy policy, LogSignals logSignals) {
        this.store = store;
        this.logSignals = logSignals;
        this.bundles = bundles;
        this.workspace = workspace;
        this.runtime = runtime;
        this.clock = clock;
        this.settings = settings;
        this.ends = new JobEnds(store, workspace, results, clock, settings.defaultMaxAttempts(), () -> leavingRunning);
        this.engineWaits = new EngineWaits(runtime, store, () -> leavingRunning, Duration.ofSeconds(1));
        this.starts = new ContainerStarts(runtime, dependencies, engineWaits, settings, policy);
        this.startBackoff = new StartBackoff(clock, () -> ThreadLocalRandom.current().nextDouble(),
                StartBackoff.FIRST, StartBackoff.LONGEST);
        this.follows = new ContainerFollows(runtime, store, workspace, results, engineWaits, ends, clock, settings,
                () -> leavingRunning);
    }

    public void run(Job claimed) {
        try (OutputStream log = openLog(claimed)) {
            runWithLog(claimed, log);
        } catch (JobTakenBackException e) {
            takenBack(claimed, e);
        } catch (IOException | RuntimeException e) {
            if (leavingRunning) {
                LOG.info("job {}: left for the next start: {}", claimed.id(), e.getMessage());
                return;
            }
            LOG.error("job {}: run failed: {}", claimed.id(), e.getMessage(), e);
            ends.failIfUnfinished(claimed, "internal error: " + e.getMessage());
        }
    }

    /** Ends a claimed job without running it, because it could never run on this server. */
    public void refuse(Job claimed, String why) {
        try (OutputStream log = openLog(claimed)) {
            ends.record(claimed, log, new AttemptEnd.JobCouldNotStart(why));
        } catch (IOException | RuntimeException e) {
            LOG.error("job {}: could not record its refusal: {}", claimed.id(), e.getMessage(), e);
            ends.failIfUnfinished(claimed, why);
        }
    }

    /** Tells the job's container, if it has one yet, to stop; the run then records it as stopped. */
    public void stop(Job job) {
        store.find(job.id())
                .filter(current -> current.containerId() != null && current.state() == JobState.RUNNING)
                .ifPresent(current -> {
                    LOG.info("job {}: stopping container {}", current.id(), current.containerId());
                    runtime.stop(current.containerId(), settings.stopGrace());
                });
    }

    @Override
    public void close() {
        follows.close();
        removals.shutdown();
        try {
            if (!removals.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("some ended containers were not removed before shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The container has exited and the job's end is recorded: its slot is free before the engine removes it. */
    private void removeLater(String containerId) {
        try {
            removals.execute(() -> removeIfYouCan(containerId));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            removeIfYouCan(containerId);
        }
    }

    private void runWithLog(Job claimed, OutputStream log) throws IOException {
        Path jobDir;
        try {
            jobDir = workspace.prepare(claimed, bundles.path(claimed.bundleDigest())).jobDir();
        } catch (InvalidBundleException | UncheckedIOException e) {
            ends.record(claimed, log, AttemptEnds.ofStartFailure(e));
            return;
        }
        if (store.find(claimed.id()).map(Job::stopRequested).orElse(false)) {
            ends.record(claimed, log, AttemptEnd.StoppedByUser.beforeItStarted());
            return;
        }
        String containerId;
        try {
            Optional<String> started = starts.start(claimed, jobDir, log);
            if (started.isEmpty()) {
                ends.record(claimed, log, AttemptEnd.StoppedByUser.beforeItStarted());
                return;
            }
            containerId = started.get();
            startBackoff.worked();
        } catch (SpecRefusedException e) {
            LOG.warn("job {}: its stored spec fails the server's policy (its record was written or changed outside"
                    + " this server?); failing it: {}", claimed.id(), e.getMessage());
            ends.record(claimed, log, new AttemptEnd.JobCouldNotStart(e.getMessage()));
            return;
        } catch (ContainerRuntimeException e) {
            AttemptEnd end = AttemptEnds.ofStartFailure(e);
            LOG.info("job {}: no container could run it: {}", claimed.id(), end.reason());
            holdStartsIfTheEngines(end, e);
            ends.record(claimed, log, end);
            return;
        }
        long logOffset = workspace.logSize(claimed);
        Job running = claimed;
        try {
            running = store.update(claimed, job -> job.started(containerId, logOffset, now()));
        } catch (RuntimeException e) {
            removeLater(containerId);
            throw e;
        }
        LOG.info("job {}: running in container {}", running.id(), containerId);
        supervise(running, containerId, log, 0);
    }

    /**
     * Follows a running job's container to its end and records that end; the container is removed after,
     * unless the server leaves it running for the next start.
     *
     * @param skipBytes how much of the container's output the log already has (after a restart)
     */
    private void supervise(Job running, String containerId, OutputStream log, long skipBytes) throws IOException {
        AttemptEnd end = null;
        try {
            end = follows.toEnd(running, containerId, log, skipBytes);
            ends.record(running, log, end);
        } catch (IOException | RuntimeException e) {
            // the server is shutting down: the container runs on, for the next start to take up
            if (leavingRunning) {
                end = new AttemptEnd.LeftRunning(e.getMessage());
            }
            throw e;
        } finally {
            if (!(end instanceof AttemptEnd.LeftRunning)) {
                removeLater(containerId);
            }
        }
    }

    /**
     * Takes up a job a previous server left starting or running: follows its container from where the log
     * stopped if it still exists (running or ended meanwhile), starts one never started again in the same
     * attempt, and treats the attempt as lost if its container is gone.
     */
    public void resume(Job job) {
        try (OutputStream log = openLog(job)) {
            // a server started while Docker is down waits for it rather than give its jobs up
            Optional<ManagedContainer> container = engineWaits.containerOf(job);
            if (job.state() == JobState.STARTING) {
                if (container.isPresent() && container.get().started()) {
                    // it ran (or runs) though the start was never recorded; its output was never copied yet
                    String containerId = container.get().containerId();
                    long offset = workspace.logSize(job);
                    Job running = ends.untilStoreAnswers(() -> store.update(job, j -> j.started(containerId, offset, now())));
                    LOG.info("job {}: taking up container {}, started as the server stopped", job.id(), containerId);
                    supervise(running, containerId, log, 0);
                    return;
                }
                // nothing of it ran: start it again, in the same attempt
                container.ifPresent(created -> removeIfYouCan(created.containerId()));
                LOG.info("job {}: starting it again; the server stopped before its container started", job.id());
                runWithLog(job, log);
                return;
            }
            if (container.isEmpty()) {
                ends.record(job, log, AttemptEnd.ContainerVanished.goneWhenTheServerRestarted());
                return;
            }
            LOG.info("job {}: taking up container {} again", job.id(), container.get().containerId());
            supervise(job, container.get().containerId(), log, workspace.containerOutputLogged(job));
        } catch (JobTakenBackException e) {
            takenBack(job, e);
        } catch (IOException | RuntimeException e) {
            if (leavingRunning) {
                LOG.info("job {}: left for the next start: {}", job.id(), e.getMessage());
                return;
            }
            LOG.error("job {}: could not take it up again: {}", job.id(), e.getMessage(), e);
            ends.failIfUnfinished(job, "internal error: " + e.getMessage());
        }
    }

    /** The run ended without recording anything: the job is no longer this runner's in its attempt. */
    private static void takenBack(Job job, JobTakenBackException e) {
        LOG.warn("job {}: attempt {} is no longer this runner's ({}); its container is removed", job.id(),
                job.attempt(), e.getMessage());
    }

    private OutputStream openLog(Job job) {
        return logSignals.signalling(job.id(), workspace.openLog(job));
    }

    /** A start the engine failed holds the next ones for a while, the longer the more it fails in a row. */
    private void holdStartsIfTheEngines(AttemptEnd end, ContainerRuntimeException e) {
        String fault = end instanceof AttemptEnd.EngineFault engine ? engine.fault()
                : end instanceof AttemptEnd.EngineCouldNotStart ? e.getMessage() : null;
        if (fault != null && startBackoff.failed(fault)) {
            startBackoff.hold().ifPresent(hold -> LOG.warn("the Docker engine failed to start a container ({}); "
                    + "holding starts until {} ({} in a row)", fault, hold.nextTry(), hold.failures()));
        }
    }

    /** Why starts are held after the engine failed one, and until when; empty once a start worked. */
    Optional<StartBackoff.Hold> startHold() {
        return startBackoff.hold();
    }

    /** Whether starts are held now, after the engine failed one. */
    boolean startsHeld() {
        return startBackoff.holds();
    }

    /** Whether the engine answers now; nothing can start while it does not. */
    public boolean engineAnswers() {
        return runtime.engineAnswers();
    }

    /** Removes the container, or says in the server's log why it could not (the leftover sweep tries again). */
    private void removeIfYouCan(String containerId) {
        try {
            runtime.remove(containerId);
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {}: {}", containerId, e.getMessage());
        }
    }

    /** From now on, runs interrupted by the server's shutdown leave their jobs and containers as they are. */
    public void leaveRunningJobs() {
        leavingRunning = true;
    }

    private Instant now() {
        return clock.instant();
    }
}
