package io.berth.daemon.core;

/**
 * The job's container disappeared under it (removed from outside Berth, or the engine lost it): the
 * attempt is lost to an infrastructure fault, not ended by the job.
 */
public class ContainerGoneException extends ContainerRuntimeException {
    public ContainerGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
