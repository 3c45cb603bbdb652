package io.berth.daemon.core;

/** A bundle that is missing, does not match its digest, or cannot be unpacked safely. */
public class InvalidBundleException extends RuntimeException {
    public InvalidBundleException(String message) {
        super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
