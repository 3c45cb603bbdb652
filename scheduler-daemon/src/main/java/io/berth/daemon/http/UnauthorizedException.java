package io.berth.daemon.http;

import io.berth.daemon.auth.Verdict;

/** A request without a token this server accepts; answered 401 with how to get one. */
final class UnauthorizedException extends RuntimeException {
    private static final String HOW = "; log in with 'berth login <env>' using a token that 'berth server token create'"
            + " made on the server's machine";

    private final Verdict verdict;

    UnauthorizedException(Verdict verdict) {
        super(message(verdict));
        this.verdict = verdict;
    }

    /** An expired token is named as such: only a holder of its secret hears it. */
    private static String message(Verdict verdict) {
        return switch (verdict.kind()) {
            case MISSING -> "this Berth server asks for a token and the request carried none" + HOW;
            case EXPIRED -> "the request's token expired at " + verdict.expired() + HOW;
            default -> "the request's token is not one of this Berth server's (wrong or revoked)" + HOW;
        };
    }

    /** RFC 6750: a token that was sent and refused is an invalid_token. */
    String challenge() {
        return verdict.kind() == Verdict.Kind.MISSING ? "Bearer realm=\"berth\""
                : "Bearer realm=\"berth\", error=\"invalid_token\"";
    }
}
