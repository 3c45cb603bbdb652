package io.berth.sdk;

import io.berth.config.ConfigException;
import io.berth.config.PemFiles;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates an {@code https} server may present. Host names are verified in every case but
 * {@link #exactly(Path)}, where the certificate itself is known.
 */
public final class ServerTrust {
    private final SSLContext context;
    private volatile SSLSocketFactory socketFactory;

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

    /** Sets up the TLS of a connection; one to an {@code http://} URL has none to set up. */
    void configure(HttpURLConnection connection) {
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(socketFactory());
        }
    }

    private SSLSocketFactory socketFactory() {
        SSLSocketFactory factory = socketFactory;
        if (factory == null) {
            factory = new LingerlessSockets(context == null ? HttpsURLConnection.getDefaultSSLSocketFactory()
                    : context.getSocketFactory());
            socketFactory = factory; // the same for every thread: a race makes two, both good
        }
        return factory;
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
