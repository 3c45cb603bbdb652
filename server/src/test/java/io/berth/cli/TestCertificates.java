package io.berth.cli;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A private CA and a server certificate it signed, made with the JDK's keytool: {@code ca.pem},
 * {@code chain.pem} (the server's certificate, then the CA's) and {@code key.pem} (PKCS#8).
 */
final class TestCertificates {
    private static final String PASSWORD = "test-only";

    final Path ca;
    final Path chain;
    final Path key;

    /** @param subjectAlternativeNames keytool's form, e.g. {@code dns:localhost} or {@code dns:localhost,ip:127.0.0.1} */
    TestCertificates(Path dir, String subjectAlternativeNames) throws Exception {
        Files.createDirectories(dir);
        ca = dir.resolve("ca.pem");
        chain = dir.resolve("chain.pem");
        key = dir.resolve("key.pem");
        Path caStore = dir.resolve("ca.p12");
        Path serverStore = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Berth Test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-file", ca.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=berth test server", "-validity", "2", "-keystore", serverStore.toString());
        Path request = dir.resolve("server.csr");
        keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-file", request.toString());
        Path signed = dir.resolve("server.pem");
        keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-infile", request.toString(), "-outfile",
                signed.toString(), "-rfc", "-validity", "2", "-ext", "san=" + subjectAlternativeNames,
                "-ext", "eku=serverAuth");
        Files.writeString(chain, "server\n" + Files.readString(signed) + "its CA\n" + Files.readString(ca));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(serverStore.toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        byte[] pkcs8 = store.getKey("server", PASSWORD.toCharArray()).getEncoded();
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-noprompt"));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
