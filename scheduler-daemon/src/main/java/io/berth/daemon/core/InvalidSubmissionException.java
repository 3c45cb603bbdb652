package io.berth.daemon.core;

/** A submission the server refuses before anything is stored; the message names the field. */
public class InvalidSubmissionException extends RuntimeException {
    public InvalidSubmissionException(String message) {
        super(message);
    }
}
