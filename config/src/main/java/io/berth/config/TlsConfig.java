package io.berth.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * HTTPS for the server: PEM files of its certificate chain (its own certificate first) and of its
 * unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}).
 */
public record TlsConfig(Path certificateChain, Path privateKey) {
    public TlsConfig {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
