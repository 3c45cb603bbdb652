package io.berth.daemon.core;

/**
 * A container carrying Berth's labels, as found on the engine.
 *
 * @param started whether it was ever started (running or exited), not only created
 */
public record ManagedContainer(String containerId, String jobId, int attempt, boolean running, boolean started) {}
