package io.berth.daemon.core;

/** The job has no artifact by that key that can be read now. */
public class NoArtifactException extends RuntimeException {
    public NoArtifactException(String message) {
        super(message);
    }
}
