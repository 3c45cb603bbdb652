package io.berth.sdk;

import java.net.URI;

/** Nothing answered at the server's address: refused, timed out while connecting, or unknown host. */
public class ServerUnreachableException extends BerthException {
    private final URI url;

    public ServerUnreachableException(URI url, Throwable cause) {
        super("no Berth server answers at " + url + "; start one with 'berth server start'", cause);
        this.url = url;
    }

    public URI url() {
        return url;
    }
}
