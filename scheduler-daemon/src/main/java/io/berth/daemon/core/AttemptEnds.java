package io.berth.daemon.core;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Decides how an attempt ended from what the runtime reported: the one place that tells a job's own end
 * from the engine's. Pure but for {@code engineAnswers}, which it asks only when the exit alone does not tell.
 */
final class AttemptEnds {
    /** Exit codes of a container stopped by a signal: what an engine's shutdown leaves (SIGTERM, then SIGKILL). */
    private static final Set<Integer> SIGNALLED = Set.of(128 + 15, 128 + 9);

    private AttemptEnds() {}

    /**
     * The container was followed to its exit.
     *
     * @param at            when it exited ({@link #exitedAt})
     * @param timedOutAfter its timeout, if Berth stopped it there; else null
     * @param engineWasAway whether the engine was seen away during the attempt and the container did not
     *                      outlive its absence
     * @param engineAnswers whether the engine answers now: one shutting down stops answering before it stops
     *                      its containers
     * @param hint          what the log should say beside a failed exit, or null
     */
    static AttemptEnd ofExit(ExitStatus exit, Instant at, Duration timedOutAfter, boolean engineWasAway,
                             BooleanSupplier engineAnswers, String hint) {
        if (exit.leaseLost() != null) {
            return new AttemptEnd.LeaseLost(exit.leaseLost());
        }
        if (timedOutAfter != null) {
            return new AttemptEnd.TimedOut(exit.exitCode(), timedOutAfter, at);
        }
        if (stoppedByEngine(exit, engineWasAway, engineAnswers)) {
            return AttemptEnd.LostToEngine.stoppedWithTheEngine(exit.exitCode());
        }
        return new AttemptEnd.Exited(exit.exitCode(), exit.oomKilled(), at, hint);
    }

    /**
     * Whether the engine, not the job, ended the container: it exited non-zero while the engine is shutting
     * down (no longer answering), or, found exited after the engine was seen away, by SIGTERM or SIGKILL
     * (what a shutdown without live-restore does) other than at its memory limit.
     */
    private static boolean stoppedByEngine(ExitStatus exit, boolean engineWasAway, BooleanSupplier engineAnswers) {
        if (exit.exitCode() == 0) {
            return false;
        }
        if (engineWasAway && !exit.oomKilled() && SIGNALLED.contains(exit.exitCode())) {
            return true;
        }
        return !engineAnswers.getAsBoolean();
    }

    /**
     * No container ran: the job's own fault (its image, its command, its files, its dependencies), the
     * engine's (as the runtime tells it: {@link EngineFaultException}), or neither known (any other failure
     * of the runtime while the engine answers).
     *
     * @throws IllegalArgumentException for an exception that says nothing about a start
     */
    static AttemptEnd ofStartFailure(RuntimeException e) {
        if (e instanceof ImageNotFoundException || e instanceof ContainerStartException
                || e instanceof DependencyInstallException) {
            return new AttemptEnd.JobCouldNotStart(e.getMessage());
        }
        if (e instanceof InvalidBundleException || e instanceof UncheckedIOException) {
            return new AttemptEnd.JobCouldNotStart("cannot prepare the job's files: " + e.getMessage());
        }
        if (e instanceof EngineFaultException fault) {
            return new AttemptEnd.EngineFault(fault.fault());
        }
        if (e instanceof ContainerRuntimeException) {
            return AttemptEnd.EngineCouldNotStart.because(e.getMessage());
        }
        throw new IllegalArgumentException("not a failure to start: " + e, e);
    }

    /**
     * When the container exited, by the engine's account where it gives one: a container that ended while
     * no server ran ended then, not when the next server found it. Kept between the job's recorded start (a
     * quick container can exit before its start is written) and now (the engine's clock may run ahead).
     */
    static Instant exitedAt(Instant engineSays, Instant startedAt, Instant now) {
        if (engineSays == null || engineSays.isAfter(now)) {
            return now;
        }
        return startedAt != null && engineSays.isBefore(startedAt) ? startedAt : engineSays;
    }
}
