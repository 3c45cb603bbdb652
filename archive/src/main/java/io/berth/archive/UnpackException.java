package io.berth.archive;

/** An archive that cannot be unpacked safely, or at all; the message names the archive and why. */
public class UnpackException extends RuntimeException {
    public UnpackException(String message) {
        super(message);
    }

    public UnpackException(String message, Throwable cause) {
        super(message, cause);
    }
}
