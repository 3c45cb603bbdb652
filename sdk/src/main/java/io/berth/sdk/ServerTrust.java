package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.PemFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

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

    /** Sets up the TLS of an HTTP client that reaches {@code url}. */
    void configure(HttpClient.Builder client, URI url) {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            // plain HTTP and no redirects: TLS is never used. Without a context of its own and parameters, the
            // HttpClient sets up the JDK's TLS (its providers, cipher suites and every CA certificate it has): a
            // third of a short command's time
            client.sslContext(new NoTls()).sslParameters(new SSLParameters());
        } else if (context != null) {
            client.sslContext(context);
        }
    }

    /** A TLS context that makes no connection: for a client that reaches its server by plain HTTP. */
    static final class NoTls extends SSLContext {
        NoTls() {
            super(new Refusing(), null, "none");
        }

        private static final class Refusing extends SSLContextSpi {
            @Override
            protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
            }

            @Override
            protected SSLSocketFactory engineGetSocketFactory() {
                throw refused();
            }

            @Override
            protected SSLServerSocketFactory engineGetServerSocketFactory() {
                throw refused();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine() {
                throw refused();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine(String host, int port) {
                throw refused();
            }

            @Override
            protected SSLSessionContext engineGetServerSessionContext() {
                throw refused();
            }

            @Override
            protected SSLSessionContext engineGetClientSessionContext() {
                throw refused();
            }

            private static UnsupportedOperationException refused() {
                return new UnsupportedOperationException("this client reaches its server by plain HTTP");
            }
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
