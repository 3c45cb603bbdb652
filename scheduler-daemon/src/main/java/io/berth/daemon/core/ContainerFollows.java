package io.berth.daemon.core;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the container of a running attempt to its end, copying its output to the attempt's log and stopping
 * it at the job's timeout, and says how the attempt ended ({@link AttemptEnds} decides). When Berth loses touch
 * with the engine (restarted, say, with live-restore keeping its containers), it waits for the engine and
 * follows the container again from where the log stopped.
 */
final class ContainerFollows implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerFollows.class);
    /** Times in a row a container is followed again while the engine answers, before the attempt is given up. */
    private static final int MAX_REFOLLOWS = 3;
    /** A shell's "command not found", and the init's when it cannot exec the entrypoint. */
    private static final int NOT_FOUND = 127;

    private final ContainerRuntime runtime;
    private final JobRecords store;
    private final Workspace workspace;
    private final ResultsCollector results;
    private final EngineWaits engineWaits;
    private final JobEnds ends;
    private final Clock clock;
    private final RunSettings settings;
    private final BooleanSupplier serverStopping;
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("job-timeouts"));

    /** @param serverStopping while true, losing touch with the engine leaves the container running for the next start */
    ContainerFollows(ContainerRuntime runtime, JobRecords store, Workspace workspace, ResultsCollector results,
                     EngineWaits engineWaits, JobEnds ends, Clock clock, RunSettings settings,
                     BooleanSupplier serverStopping) {
        this.runtime = runtime;
        this.store = store;
        this.workspace = workspace;
        this.results = results;
        this.engineWaits = engineWaits;
        this.ends = ends;
        this.clock = clock;
        this.settings = settings;
        this.serverStopping = serverStopping;
    }

    /**
     * Follows the container until the attempt ends, again each time the engine comes back with it.
     *
     * @param skipBytes how much of the container's output the log already has (after a restart)
     */
    AttemptEnd toEnd(Job running, String containerId, OutputStream log, long skipBytes) throws IOException {
        Following following = new Following(running, skipBytes);
        AttemptEnd end = null;
        while (end == null) {
            try {
                end = followToExit(following, containerId, log);
            } catch (ContainerGoneException e) {
                LOG.warn("job {}: its container vanished: {}", running.id(), e.getMessage());
                end = AttemptEnd.ContainerVanished.removedWhileItRan();
            } catch (ContainerRuntimeException e) {
                end = serverStopping.getAsBoolean() ? new AttemptEnd.LeftRunning(e.getMessage())
                        : waitToFollowAgain(following, containerId, e).orElse(null);
            }
        }
        return end;
    }

    @Override
    public void close() {
        timeouts.shutdownNow();
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
            return Optional.of(AttemptEnd.LostTouch.because(lostTouch.getMessage()));
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
        following.skipBytes = workspace.containerOutputLogged(running);
        following.engineWasAway = seenAway && !again.get().running();
        following.refollows = seenAway ? 0 : following.refollows + 1;
        return Optional.empty();
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
