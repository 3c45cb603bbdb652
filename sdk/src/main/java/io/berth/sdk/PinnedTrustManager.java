package io.berth.sdk;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server that presents exactly one known certificate. Being an {@link X509ExtendedTrustManager},
 * it is the whole check: the JDK adds no host name check, which is right for a certificate known byte for
 * byte (the handshake still proves the server holds its key).
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final X509Certificate pinned;

    PinnedTrustManager(X509Certificate pinned) {
        this.pinned = pinned;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0 || !chain[0].equals(pinned)) {
            throw new CertificateException("the server's certificate is not the one in its tls_cert ("
                    + pinned.getSubjectX500Principal().getName() + ")");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a Berth client authenticates no one");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
