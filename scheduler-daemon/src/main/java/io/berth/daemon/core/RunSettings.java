package io.berth.daemon.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The server's rules for running any job.
 *
 * @param stopGrace          between SIGTERM and SIGKILL when a job is stopped or times out
 * @param defaultMaxAttempts containers that may be started for a job that does not say
 * @param pidsLimit          processes and threads one job's container may have at once
 * @param maxLogBytes        output of one attempt kept in its log; the rest is cut (with a marker line)
 * @param helpersDir         the server's directory of job helpers, mounted read-only into every job container
 *                           ({@link ContainerSpecs#HELPERS_MOUNT})
 * @param defaultUser        {@code uid:gid} a job runs as where it names none; null for its image's user
 * @param readOnlyRoot       jobs' root file systems read-only, with {@code /tmp} and {@code /job} writable
 * @param dockerLog          caps on Docker's own log of every job container; null for the engine's defaults
 */
public record RunSettings(Duration stopGrace, int defaultMaxAttempts, long pidsLimit, long maxLogBytes,
                          Path helpersDir, String defaultUser, boolean readOnlyRoot, ContainerSpec.LogCap dockerLog) {
    public RunSettings {
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(helpersDir, "helpersDir");
        if (defaultMaxAttempts < 1) {
            throw new IllegalArgumentException("defaultMaxAttempts must be 1 or more, got " + defaultMaxAttempts);
        }
    }

    /** The image's user, a writable root file system and the engine's own log options. */
    public RunSettings(Duration stopGrace, int defaultMaxAttempts, long pidsLimit, long maxLogBytes, Path helpersDir) {
        this(stopGrace, defaultMaxAttempts, pidsLimit, maxLogBytes, helpersDir, null, false, null);
    }
}
