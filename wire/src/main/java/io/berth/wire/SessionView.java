package io.berth.wire;

/**
 * GET /session, answered without a token: whether this request's credentials (its {@code Authorization}
 * header or the browser's session cookie) are accepted, and whether the server asks for a token at all. The
 * dashboard shows its login page when {@code authenticated} is false.
 */
public record SessionView(boolean authenticated, boolean tokensRequired) {}
