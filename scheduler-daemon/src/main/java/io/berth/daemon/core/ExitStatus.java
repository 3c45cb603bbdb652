package io.berth.daemon.core;

import java.time.Instant;

/**
 * How a container ended.
 *
 * @param finishedAt when the container exited, by the engine's clock; null when the engine did not say
 * @param leaseLost  why its agent stopped it as the agent's lease at the head was running out (the head gives the
 *                   job to the queue again); null for any other exit
 */
public record ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt, String leaseLost) {

    public ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt) {
        this(exitCode, oomKilled, finishedAt, null);
    }

    /** An exit whose time is not known. */
    public ExitStatus(int exitCode, boolean oomKilled) {
        this(exitCode, oomKilled, null);
    }

    /** This exit, known to be the agent's stop at the end of its lease. */
    public ExitStatus withLeaseLost(String why) {
        return new ExitStatus(exitCode, oomKilled, finishedAt, why);
    }
}
