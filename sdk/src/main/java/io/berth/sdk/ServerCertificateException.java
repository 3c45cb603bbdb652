package io.berth.sdk;

import java.net.URI;

/**
 * TLS does not work out: the server's certificate is not trusted or names another host, or one side speaks
 * TLS and the other does not.
 */
public class ServerCertificateException extends BerthException {
    private final URI url;

    public ServerCertificateException(URI url, Throwable cause) {
        this(url, "cannot make a verified TLS connection to " + url + ": " + cause.getMessage()
                + " (a server whose certificate comes from a private CA needs that CA as ca_cert in the submission"
                + " config; the URL's host must be one the certificate names)", cause);
    }

    public ServerCertificateException(URI url, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
    }

    public URI url() {
        return url;
    }
}
