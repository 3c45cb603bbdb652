package io.berth.sdk;

/** Anything the SDK cannot do, with a message meant for the person at the keyboard. */
public class BerthException extends RuntimeException {
    public BerthException(String message) {
        super(message);
    }

    public BerthException(String message, Throwable cause) {
        super(message, cause);
    }
}
