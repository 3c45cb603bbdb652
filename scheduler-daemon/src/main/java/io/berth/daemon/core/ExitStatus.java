package io.berth.daemon.core;

/** How a container ended. */
public record ExitStatus(int exitCode, boolean oomKilled) {}
