package io.berth.daemon.core;

/** The engine refused to create or start the container for a reason that is the job's own. */
public class ContainerStartException extends ContainerRuntimeException {
    public ContainerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
