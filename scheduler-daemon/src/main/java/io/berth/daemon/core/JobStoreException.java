package io.berth.daemon.core;

/**
 * The job store could not do what was asked: its database did not answer, or a stored job could not
 * be read back. The message names the operation and the job; the cause is the driver's exception.
 */
public class JobStoreException extends RuntimeException {
    public JobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
