package io.berth.daemon.core;

/**
 * A claimed job's spec, as read back from the store, failed the server's policy when its container was about to be
 * made: a record written or altered outside the server (Redis is shared with whoever can write it), or one stored
 * under an older, looser policy. The job fails; nothing of it is made.
 */
final class SpecRefusedException extends RuntimeException {
    SpecRefusedException(String check) {
        super("refused by the server's policy: " + check);
    }
}
