package io.berth.daemon.http;

/** The job has not finished, so there is nothing to download yet. */
class NoArchiveException extends RuntimeException {
    NoArchiveException(String message) {
        super(message);
    }
}
