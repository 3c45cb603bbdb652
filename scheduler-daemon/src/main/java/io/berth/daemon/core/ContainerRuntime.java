package io.berth.daemon.core;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * Runs job containers. The Docker implementation is {@code DockerContainerRuntime}; every call has a
 * timeout and failures come back as {@link ContainerRuntimeException} naming the job, image or container.
 */
public interface ContainerRuntime {

    /**
     * Creates and starts the container and returns its id. Throws {@link ImageNotFoundException} when the
     * image is not on the engine, {@link ContainerStartException} when the container cannot be created or
     * started (bad entrypoint, bad mount); a container created but not started is removed before throwing.
     */
    String start(ContainerSpec spec);

    /** Copies the container's stdout and stderr, as written, to {@code sink} until the container ends. */
    default void followLogs(String containerId, OutputStream sink) {
        followLogs(containerId, sink, 0);
    }

    /** As {@link #followLogs(String, OutputStream)}, leaving out the first {@code skipBytes} (the sink has them). */
    void followLogs(String containerId, OutputStream sink, long skipBytes);

    /** Blocks until the container has exited. */
    ExitStatus awaitExit(String containerId);

    /** {@link #followLogs(String, OutputStream, long)}, then how the container exited, in as few calls as can be. */
    default ExitStatus followToExit(String containerId, OutputStream sink, long skipBytes) {
        followLogs(containerId, sink, skipBytes);
        return awaitExit(containerId);
    }

    /** SIGTERM, then SIGKILL after {@code grace}. A container already gone is not an error. */
    void stop(String containerId, Duration grace);

    /** Removes the container; one already gone is not an error. */
    void remove(String containerId);

    boolean imageExists(String image);

    /** Whether the container's file system (running or exited) has {@code path}: a file, directory or link. */
    boolean hasFile(String containerId, String path);

    /**
     * Whether the engine answers on a new connection now: false while it is down, and from the moment it
     * begins to shut down, before it stops its containers. Bounded in time: a hung engine does not answer.
     * A caller interrupted meanwhile (the server stopping) gets an exception rather than a false "no".
     */
    boolean engineAnswers();

    /** Every container carrying {@link ContainerLabels#MANAGED}, running or not. */
    List<ManagedContainer> listManaged();
}
