package io.berth.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys in PEM files, read with the JDK alone. Text around the blocks (what
 * {@code openssl} prints above them) is skipped; errors name the file.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");

    private PemFiles() {}

    /** Every {@code CERTIFICATE} block of the file, in order; at least one. */
    public static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new ConfigException(file, null, null, "holds a certificate that cannot be read: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(file, null, null, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The file's one unencrypted PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}): RSA, EC or EdDSA. */
    public static PrivateKey privateKey(Path file) {
        List<Block> keys = blocks(file).stream().filter(block -> block.type().endsWith("PRIVATE KEY")).toList();
        if (keys.size() != 1) {
            throw new ConfigException(file, null, null, "must hold exactly one PEM private key, holds " + keys.size());
        }
        Block key = keys.get(0);
        if (!key.type().equals("PRIVATE KEY")) {
            throw new ConfigException(file, null, null, "holds a " + key.type() + "; Berth reads unencrypted PKCS#8"
                    + " keys (-----BEGIN PRIVATE KEY-----): convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem'");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(key.der()));
            } catch (GeneralSecurityException e) {
                // not this algorithm's key; try the next
            }
        }
        throw new ConfigException(file, null, null, "holds a private key that is not RSA, EC or EdDSA");
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot be read: " + e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, null, null, "holds a " + m.group(1) + " that is not valid base64");
            }
        }
        return blocks;
    }
}
