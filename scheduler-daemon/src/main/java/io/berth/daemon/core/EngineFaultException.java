package io.berth.daemon.core;

/**
 * The engine failed a call for a reason of its own (its network bridge missing, a connection it closed, its
 * shutdown), not the job's: a start that fails so costs the job no attempt.
 */
public class EngineFaultException extends ContainerRuntimeException {
    private final String fault;

    /** @param fault the engine's trouble in a few words, for the queue's reason ("its network bridge is missing") */
    public EngineFaultException(String fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = fault;
    }

    public String fault() {
        return fault;
    }
}
