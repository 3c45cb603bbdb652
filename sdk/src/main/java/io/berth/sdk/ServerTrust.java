package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.PemFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificates an {@code https} server may present. Host names are verified in every case but
 * {@link #exactly(Path)}, where the certificate itself is known.
 */
public final class ServerTrust {
    private final SSLContext context;

    private ServerTrust(SSLContext context) {
        this.context = context;
    }

    /** The JDK's certificate authorities. */
    public static ServerTrust jdkDefaults() {
        return new ServerTrust(null);
    }

    /**
     * The certificate authorities in a PEM file, instead of the JDK's: a server with a certificate from a
     * private CA, and no other server, is trusted.
     *
     * @throws ConfigException if the file cannot be read or holds no certificate
     */
    public static ServerTrust certificateAuthorities(Path pemFile) {
        List<X509Certificate> certificates = PemFiles.certificates(pemFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return new ServerTrust(context(factory.getTrustManagers()));
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(pemFile, null, null, "cannot be used as trusted certificates: " + e.getMessage());
        }
    }

    /**
     * Exactly the certificate that is first in a PEM file, whatever host name it is reached by: for the
     * commands of the server's own machine, which read the server's certificate from its {@code tls_cert}.
     */
    public static ServerTrust exactly(Path pemFile) {
        return new ServerTrust(context(new TrustManager[] {new PinnedTrustManager(PemFiles.certificates(pemFile).get(0))}));
    }

    /** The context for the HTTP client that reaches {@code url}, or null for the JDK's default. */
    SSLContext sslContext(URI url) {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            // never used (plain HTTP, no redirects); without one the HttpClient would make the JDK's default,
            // which loads every CA certificate the JDK has: a sixth of a short command's time
            return context(new TrustManager[] {new TrustingNone()});
        }
        return context;
    }

    /** Refuses every certificate: for a client that never makes a TLS connection. */
    private static final class TrustingNone implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a Berth client authenticates no one");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this client reaches its server by plain HTTP");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static SSLContext context(TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context", e);
        }
    }
}
