package io.berth.daemon.http;

/** A request body over what the route accepts; answered 413. */
final class BodyTooLargeException extends RuntimeException {
    BodyTooLargeException(long maxBytes) {
        super("the request body is larger than " + maxBytes / (1024 * 1024) + " MB");
    }
}
