package io.berth.daemon.http;

/** A request refused whoever sent it, for where it came from; answered 403 with {@code code}. */
final class ForbiddenException extends RuntimeException {
    private final String code;

    ForbiddenException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
