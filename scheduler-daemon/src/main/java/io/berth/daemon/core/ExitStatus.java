package io.berth.daemon.core;

import java.time.Instant;

/**
 * How a container ended.
 *
 * @param finishedAt when the container exited, by the engine's clock; null when the engine did not say
 */
public record ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt) {

    /** An exit whose time is not known. */
    public ExitStatus(int exitCode, boolean oomKilled) {
        this(exitCode, oomKilled, null);
    }
}
