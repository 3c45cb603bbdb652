package io.berth.sdk;

import io.berth.wire.ApiError;
import java.net.URI;

/** The server answered 401: it asks for a token and the request had none, or one it does not accept. */
public class UnauthorizedException extends BerthApiException {
    private final URI url;
    private final boolean tokenSent;

    public UnauthorizedException(URI url, boolean tokenSent, ApiError error) {
        super(401, error);
        this.url = url;
        this.tokenSent = tokenSent;
    }

    public URI url() {
        return url;
    }

    /** Whether the request carried a token (then it is wrong, revoked or expired) or none. */
    public boolean tokenSent() {
        return tokenSent;
    }
}
