package io.berth.daemon.http;

import io.berth.config.ConfigException;
import io.berth.config.PemFiles;
import io.berth.config.TlsConfig;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS from the PEM files of {@code tls_cert} and {@code tls_key}, held in a key store that exists only in
 * memory. The server then has no plain HTTP listener at all.
 */
final class TlsConnector {
    private static final Map<String, String> PROOF_SIGNATURES = Map.of(
            "RSA", "SHA256withRSA", "EC", "SHA256withECDSA", "EdDSA", "Ed25519", "Ed25519", "Ed25519");
    /** The key store never leaves this process, so its password guards nothing; PKCS#12 wants one. */
    private static final char[] PASSWORD = "berth".toCharArray();

    private final KeyStore keyStore;

    private TlsConnector(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    /** @throws ConfigException naming the file at fault: unreadable, not PEM, or a key that is not the certificate's */
    static TlsConnector load(TlsConfig tls) {
        List<X509Certificate> chain = PemFiles.certificates(tls.certificateChain());
        PrivateKey key = PemFiles.privateKey(tls.privateKey());
        requireKeyOf(chain.get(0), key, tls);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("berth", key, PASSWORD, chain.toArray(X509Certificate[]::new));
            return new TlsConnector(store);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(tls.privateKey(), null, null, "cannot be used with " + tls.certificateChain()
                    + ": " + e.getMessage());
        }
    }

    Connector create(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(new String(PASSWORD));
        SecureRequestCustomizer secure = http.getCustomizer(SecureRequestCustomizer.class);
        if (secure == null) {
            secure = new SecureRequestCustomizer();
            http.addCustomizer(secure);
        }
        // Jetty would refuse a request for a host the certificate does not name (127.0.0.1 on the server's own
        // machine); whether a name is good enough is the client's to decide, as it verifies the certificate.
        secure.setSniHostCheck(false);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** A key that does not belong to the certificate would only show as failed handshakes later; say so now. */
    private static void requireKeyOf(X509Certificate certificate, PrivateKey key, TlsConfig tls) {
        String algorithm = PROOF_SIGNATURES.get(key.getAlgorithm());
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "berth".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw new ConfigException(tls.privateKey(), null, null, "is not the private key of the first certificate in "
                + tls.certificateChain() + " (" + certificate.getSubjectX500Principal().getName() + ")");
    }
}
