package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    @TempDir
    Path dir;

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void readsPkcs8KeysOfEachKind() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
            Path file = Files.writeString(dir.resolve(algorithm + ".pem"),
                    "a comment openssl printed\n" + pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            assertThat(PemFiles.privateKey(file).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        }
    }

    @Test
    void otherKeyFormatsAndEmptyFilesAreErrorsNamingTheFileAndTheFix() throws Exception {
        Path rsa = Files.writeString(dir.resolve("rsa.pem"), pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemFiles.privateKey(rsa)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(rsa + ": holds a RSA PRIVATE KEY").hasMessageContaining("openssl pkcs8 -topk8");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing\n");
        assertThatThrownBy(() -> PemFiles.certificates(empty)).isInstanceOf(ConfigException.class)
                .hasMessage(empty + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("missing.pem")))
                .hasMessageStartingWith(dir.resolve("missing.pem") + ": cannot be read");
    }
}
