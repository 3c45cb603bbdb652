package io.berth.daemon.core;

/**
 * A container carrying Berth's labels, as found on the engine: a job's, or one installing a job's dependencies.
 *
 * @param jobId             the job it runs, or whose dependencies it installs; null for an install made before
 *                          installs were labelled with their job
 * @param started           whether it was ever started (running or exited), not only created
 * @param dependencyInstall whether it installs dependencies rather than runs the job
 */
public record ManagedContainer(String containerId, String jobId, int attempt, boolean running, boolean started,
                               boolean dependencyInstall) {

    /** A job's own container. */
    public ManagedContainer(String containerId, String jobId, int attempt, boolean running, boolean started) {
        this(containerId, jobId, attempt, running, started, false);
    }
}
