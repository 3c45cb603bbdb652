package io.berth.daemon.core;

/** The job is in a state that does not allow what was asked (delete a running job, stop a finished one). */
public class JobConflictException extends RuntimeException {
    public JobConflictException(String message) {
        super(message);
    }
}
