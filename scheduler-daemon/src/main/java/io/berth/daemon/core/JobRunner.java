package io.berth.daemon.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job to its end: unpack its bundle, start its container, copy its output to the log
 * file, wait for it to exit, archive what it left, record how it ended, remove the container.
 * The archive is written before the final state, so a finished job always has one.
 *
 * <p>An attempt lost to the machine (Docker could not start the container for a reason that is not the
 * job's, or the container vanished) puts the job back in the queue while it has attempts left; so does a
 * non-zero exit of a job that asked for {@code retry_on_failure}. A job past its timeout is stopped and
 * fails with reason {@code timeout}.
 *
 * <p>The engine going away is not the job's fault (see {@link EngineWaits}). An attempt that has not
 * started yet waits for it and then starts ({@link ContainerStarts}); a container the engine stopped as it shut down (a restart
 * without live-restore) counts as an attempt lost; one that outlived it (live-restore) is followed again
 * from where its log stopped.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final BundleStore bundles;
    private final Workspace workspace;
    private final ContainerRuntime runtime;
    private final ResultsCollector results;
    private final Clock clock;
    private final RunSettings settings;
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("job-timeouts"));
    /** Removes ended containers after their run has returned, so the next job need not wait for it. */
    private final ExecutorService removals = Executors.newSingleThreadExecutor(DaemonThreads.named("container-removal"));
    private volatile boolean leavingRunning;
    private final JobEnds ends;
    private final EngineWaits engineWaits;
    private final ContainerStarts starts;
    /** Times in a row a container is followed again while the engine answers, before the attempt is given up. */
    private static final int MAX_REFOLLOWS = 3;
    /** A shell's "command not found", and the init's when it cannot exec the entrypoint. */
    private static final int NOT_FOUND = 127;

    public JobRunner(JobStore store, BundleStore bundles, Workspace workspace, ContainerRuntime runtime,
                     DependencyImages dependencies, ResultsCollector results, Clock clock, RunSettings settings) {
        this.store = store;
        this.bundles = bundles;
        this.workspace = workspace;
        this.runtime = runtime;
        this.results = results;
        this.clock = clock;
        this.settings = settings;
        this.ends = new JobEnds(store, workspace, results, clock, settings.defaultMaxAttempts(), () -> leavingRunning);
        this.engineWaits = new EngineWaits(runtime, store, () -> leavingRunning, Duration.ofSeconds(1));
        this.starts = new ContainerStarts(runtime, dependencies, engineWaits, settings);
    }

    public void run(Job claimed) {
        try (OutputStream log = workspace.openLog(claimed)) {
            runWithLog(claimed, log);
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
        try (OutputStream log = workspace.openLog(claimed)) {
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
        timeouts.shutdownNow();
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
        } catch (ContainerRuntimeException e) {
            AttemptEnd end = AttemptEnds.ofStartFailure(e);
            LOG.info("job {}: no container could run it: {}", claimed.id(), end.reason());
            ends.record(claimed, log, end);
            return;
        }
        long logOffset = logSize(claimed);
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
     * Follows a running job's container to its end, again each time the engine comes back with it, and
     * records that end; the container is removed after, unless the server leaves it running.
     *
     * @param skipBytes how much of the container's output the log already has (after a restart)
     */
    private void supervise(Job running, String containerId, OutputStream log, long skipBytes) throws IOException {
        Following following = new Following(running, skipBytes);
        AttemptEnd end = null;
        try {
            while (end == null) {
                try {
                    end = followToExit(following, containerId, log);
                } catch (ContainerGoneException e) {
                    LOG.warn("job {}: its container vanished: {}", running.id(), e.getMessage());
                    end = AttemptEnd.ContainerVanished.removedWhileItRan();
                } catch (ContainerRuntimeException e) {
                    end = leavingRunning ? new AttemptEnd.LeftRunning(e.getMessage())
                            : waitToFollowAgain(following, containerId, e).orElse(null);
                }
            }
            ends.record(following.job, log, end);
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

    /** Where the following of one attempt's container is: it starts over when the engine comes back. */
    private static final class Following {
        Job job;
        /** How much of the container's output the log already has. */
        long skipBytes;
        /** Whether the engine was seen away during the attempt and the container did not outlive its absence. */
        boolean engineWasAway;
        /**
         * How often in a row the container was followed again though the engine answered (a call that failed
         * for another reason); past {@link #MAX_REFOLLOWS} the attempt is given up rather than followed for ever.
         */
        int refollows;

        Following(Job job, long skipBytes) {
            this.job = job;
            this.skipBytes = skipBytes;
        }
    }

    /** Follows the container's output until it exits, stopping it at the job's timeout; then how the attempt ended. */
    private AttemptEnd followToExit(Following following, String containerId, OutputStream log) throws IOException {
        Job running = following.job;
        if (running.stopRequested()) {
            runtime.stop(containerId, settings.stopGrace());
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = watchTimeout(running, timedOut);
        ExitStatus exit;
        try {
            exit = runtime.followToExit(containerId, new CappedLog(log, settings.maxLogBytes(), following.skipBytes),
                    following.skipBytes);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
        collectResults(running);
        AttemptEnd end = AttemptEnds.ofExit(exit, AttemptEnds.exitedAt(exit.finishedAt(), running.startedAt(), now()),
                timedOut.get() ? Duration.ofSeconds(running.requests().timeoutSeconds()) : null,
                following.engineWasAway, runtime::engineAnswers, noShellHint(running, containerId, exit));
        if (end instanceof AttemptEnd.LostToEngine) {
            LOG.warn("job {}: the Docker engine stopped its container (exit {}) as it went away", running.id(),
                    exit.exitCode());
            // the end waits for the engine, so the container can be removed after it; a stop request, or the
            // server stopping, ends the wait, and the container is left for the leftover sweep
            engineWaits.untilBackOrStopped(running);
        }
        return end;
    }

    /**
     * Berth lost touch with the engine about the container (restarted, say, with live-restore keeping its
     * containers): waits for the engine, then readies {@code following} to follow the container again; or says
     * how the attempt ended if the container is gone, or cannot be followed though the engine answers.
     */
    private Optional<AttemptEnd> waitToFollowAgain(Following following, String containerId,
                                                   ContainerRuntimeException lostTouch) {
        Job running = following.job;
        boolean seenAway = !runtime.engineAnswers();
        if (!seenAway && following.refollows >= MAX_REFOLLOWS) {
            LOG.error("job {}: lost touch with container {} {} times though the engine answers: {}", running.id(),
                    containerId, following.refollows + 1, lostTouch.getMessage());
            return Optional.of(AttemptEnd.LostToEngine.lostTouch(lostTouch.getMessage()));
        }
        LOG.warn("job {}: lost touch with Docker about container {}: {}; waiting for the engine", running.id(),
                containerId, lostTouch.getMessage());
        Optional<ManagedContainer> again;
        try {
            again = engineWaits.containerOf(running);
        } catch (EngineWaits.ServerStoppingException stopping) {
            return Optional.of(new AttemptEnd.LeftRunning(stopping.getMessage())); // it may run on (live-restore)
        }
        if (again.isEmpty()) {
            return Optional.of(AttemptEnd.ContainerVanished.goneWhenTheEngineAnswered(lostTouch.getMessage()));
        }
        // read again: a stop asked for meanwhile could not reach the container
        following.job = ends.untilStoreAnswers(() -> store.find(running.id())).orElse(running);
        following.skipBytes = Math.max(0, logSize(running) - running.logOffset());
        following.engineWasAway = seenAway && !again.get().running();
        following.refollows = seenAway ? 0 : following.refollows + 1;
        return Optional.empty();
    }

    /**
     * Takes up a job a previous server left starting or running: follows its container from where the log
     * stopped if it still exists (running or ended meanwhile), starts one never started again in the same
     * attempt, and treats the attempt as lost if its container is gone.
     */
    public void resume(Job job) {
        try (OutputStream log = workspace.openLog(job)) {
            // a server started while Docker is down waits for it rather than give its jobs up
            Optional<ManagedContainer> container = engineWaits.containerOf(job);
            if (job.state() == JobState.STARTING) {
                if (container.isPresent() && container.get().started()) {
                    // it ran (or runs) though the start was never recorded; its output was never copied yet
                    String containerId = container.get().containerId();
                    long offset = logSize(job);
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
            supervise(job, container.get().containerId(), log, Math.max(0, logSize(job) - job.logOffset()));
        } catch (IOException | RuntimeException e) {
            if (leavingRunning) {
                LOG.info("job {}: left for the next start: {}", job.id(), e.getMessage());
                return;
            }
            LOG.error("job {}: could not take it up again: {}", job.id(), e.getMessage(), e);
            ends.failIfUnfinished(job, "internal error: " + e.getMessage());
        }
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

    private long logSize(Job job) {
        try {
            return Files.size(workspace.logFile(job.id(), job.attempt()));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Berth's entrypoint needs the image's /bin/sh; without one (a distroless image) the container's init can only
     * say that its exec failed, so the log says which image lacks what, and what to do. Null if that is not why.
     */
    private String noShellHint(Job running, String containerId, ExitStatus exit) {
        String shell = ContainerSpecs.HELPERS_ENTRYPOINT.get(0);
        if (exit.exitCode() != NOT_FOUND || running.spec().entrypoint() != null) {
            return null;
        }
        try {
            return runtime.hasFile(containerId, shell) ? null : "image " + running.spec().image() + " has no " + shell
                    + ", which Berth's entrypoint needs to start the job; name the job's own in worker.entrypoint (for"
                    + " example [\"python3\", \"-u\"]) or use an image with a shell";
        } catch (ContainerRuntimeException e) {
            LOG.debug("job {}: could not look for {} in its container: {}", running.id(), shell, e.getMessage());
            return null;
        }
    }

    /** Stops the container once the job has run past its timeout, if it has one. */
    private ScheduledFuture<?> watchTimeout(Job running, AtomicBoolean timedOut) {
        Long seconds = running.requests().timeoutSeconds();
        if (seconds == null) {
            return null;
        }
        long left = Duration.between(now(), running.startedAt().plusSeconds(seconds)).toMillis();
        return timeouts.schedule(() -> {
            timedOut.set(true);
            LOG.info("job {}: ran past its timeout of {} s; stopping it", running.id(), seconds);
            try {
                runtime.stop(running.containerId(), settings.stopGrace());
            } catch (RuntimeException e) {
                LOG.error("job {}: could not stop it at its timeout: {}", running.id(), e.getMessage(), e);
            }
        }, Math.max(0, left), TimeUnit.MILLISECONDS);
    }

    /** Whatever the job reported last; a failure here loses results, not the job. */
    private void collectResults(Job job) {
        try {
            results.collect(job.id());
        } catch (RuntimeException e) {
            LOG.error("job {}: could not collect what it reported: {}", job.id(), e.getMessage(), e);
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
