package io.berth.daemon.core;

/** A container carrying Berth's labels, as found on the engine. */
public record ManagedContainer(String containerId, String jobId, int attempt, boolean running) {}
