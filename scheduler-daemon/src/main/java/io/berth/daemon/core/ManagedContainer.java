package io.berth.daemon.core;

/**
 * A container carrying Berth's labels, as found on the engine: a job's, or one installing a job's dependencies.
 *
 * @param jobId             the job it runs, or whose dependencies it installs; null for an install made before
 *                          installs were labelled with their job
 * @param started           whether it was ever started (running or exited), not only created
 * @param dependencyInstall whether it installs dependencies rather than runs the job
 * @param claimed           whether it names the server that made it ({@link ContainerLabels#SERVER}); one made
 *                          before servers did may be another server's, if its job is not this server's
 */
public record ManagedContainer(String containerId, String jobId, int attempt, boolean running, boolean started,
                               boolean dependencyInstall, boolean claimed) {

    /** A job's own container. */
    public ManagedContainer(String containerId, String jobId, int attempt, boolean running, boolean started) {
        this(containerId, jobId, attempt, running, started, false);
    }

    /** A container this server made. */
    public ManagedContainer(String containerId, String jobId, int attempt, boolean running, boolean started,
                            boolean dependencyInstall) {
        this(containerId, jobId, attempt, running, started, dependencyInstall, true);
    }
}
