package io.berth.daemon.cluster;

/** A heartbeat the head refuses: a bad name or report. Nothing is recorded. */
public final class InvalidAgentException extends RuntimeException {
    public InvalidAgentException(String message) {
        super(message);
    }
}
