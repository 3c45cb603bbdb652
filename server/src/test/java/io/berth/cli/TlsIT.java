package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.BerthHome;
import io.berth.config.SubmissionConfig;
import io.berth.config.TokenFile;
import io.berth.sdk.BerthApiException;
import io.berth.sdk.BerthClient;
import io.berth.sdk.ServerCertificateException;
import io.berth.wire.JobSpec;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.VolumeMount;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that serves HTTPS from PEM files of a private CA's certificate, and clients that verify it:
 * the SDK and the CLI with the CA as {@code ca_cert}, host names checked; without it they refuse.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsIT {
    @TempDir
    static Path root;

    private static TestCertificates certificates;
    private static HomeServer server;
    private static String token;

    @BeforeAll
    static void startAnHttpsServerWhoseCertificateNamesOnlyLocalhost() throws Exception {
        certificates = new TestCertificates(root.resolve("tls"), "dns:localhost");
        server = new HomeServer(root, "tls_cert: " + certificates.chain + "\ntls_key: " + certificates.key + "\n",
                home -> token = new TokenFile(home.resolve(TokenFile.FILE_NAME)).create("tls").secret());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static BerthClient client(String url, Path caCert) {
        return BerthClient.of(new SubmissionConfig(URI.create(url), token, List.of(), caCert));
    }

    @Test
    void theSdkTrustingThePrivateCaTalksToIt() {
        assertThat(client("https://localhost:" + server.port, certificates.ca).status().version()).isEqualTo("test");
    }

    @Test
    void withoutTheCaTheSdkRefusesTheCertificate() {
        assertThatThrownBy(() -> client("https://localhost:" + server.port, null).status())
                .isInstanceOf(ServerCertificateException.class)
                .hasMessageStartingWith("cannot make a verified TLS connection to https://localhost:" + server.port)
                .hasMessageContaining("PKIX path building failed")
                .hasMessageContaining("ca_cert");
    }

    @Test
    void hostNamesAreStillVerified() {
        assertThatThrownBy(() -> client("https://127.0.0.1:" + server.port, certificates.ca).status())
                .isInstanceOf(ServerCertificateException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void plainHttpToTheHttpsPortIsToldToUseHttps() {
        assertThatThrownBy(() -> client("http://localhost:" + server.port, null).status())
                .isInstanceOf(ServerCertificateException.class)
                .hasMessage("the server at http://localhost:" + server.port + " answered with TLS: its URL starts"
                        + " with https://");
    }

    @Test
    void theCliUsesTheCaOfItsSubmissionConfigAndSaysWhatIsWrongWithoutIt() throws Exception {
        Path config = server.writeSubmissionConfig("secure", "scheduler_url: https://localhost:" + server.port
                + "\nca_cert: ../../../tls/ca.pem\ntoken: " + token + "\n"); // relative to the config's directory
        CliRun list = berth("list", "secure");
        assertThat(list.exitCode()).as(list.toString()).isZero();

        Files.writeString(config, "scheduler_url: https://localhost:" + server.port + "\ntoken: " + token + "\n");
        CliRun refused = berth("list", "secure");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(refused.err()).startsWith("berth: env 'secure': cannot make a verified TLS connection to https://")
                .contains("ca_cert").hasLineCount(1);
    }

    @Test
    void anAgentJoinsTheHttpsHeadTrustingItsCaAndIsRefusedWithoutIt() throws Exception {
        assertThat(System.getProperty(BerthHome.PROPERTY)).as("the head's home, where its tokens are")
                .isEqualTo(server.home.toString());
        CliRun created = berth("server", "token", "create", "--agent", "tls-agent");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Path home = Files.createDirectories(root.resolve("agent-tls"));
        Files.writeString(home.resolve("token"), created.out().strip() + "\n");
        String yaml = "server: https://localhost:" + server.port + "\nname: tls-agent\ntoken_file: token\n";
        Files.writeString(home.resolve("agent.yaml"), yaml);

        BinBerth.Run refused = BinBerth.run(home, "agent", "start");
        assertThat(refused.code()).as(refused.output()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(refused.output()).contains("https://localhost:" + server.port)
                .contains("ca_cert in agent.yaml");

        Files.writeString(home.resolve("agent.yaml"), yaml + "ca_cert: " + certificates.ca + "\n");
        try {
            BinBerth.Run start = BinBerth.run(home, "agent", "start");
            assertThat(start.code()).as(start.output()).isZero();
            BinBerth.Run status = BinBerth.run(home, "agent", "status");
            assertThat(status.output()).as("it beats over HTTPS").contains("state:   ready");
        } finally {
            BinBerth.run(home, "agent", "stop");
        }
    }

    @Test
    void noJobMayMountTheServersPrivateKey() {
        SubmitJobRequest mountsTheKey = new SubmitJobRequest("a".repeat(64), "tls", List.of("main.py"), null,
                new JobSpec(null, null, null, null, List.of(new VolumeMount(certificates.key.getParent().toString(),
                        "/keys", true)), null));
        assertThatThrownBy(() -> client("https://localhost:" + server.port, certificates.ca).submit(mountsTheKey))
                .isInstanceOf(BerthApiException.class)
                .hasMessageContaining("would give the job " + certificates.key + " (it is inside)");
    }

    @Test
    void theServerCommandsOfItsMachineTrustExactlyItsCertificate() {
        CliRun status = berth("server", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).startsWith("Berth server test at https://127.0.0.1:" + server.port);
    }

    @Test
    void aBrowsersSessionCookieIsSentOverHttpsOnly() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(certificates.ca)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        HttpResponse<String> login = HttpClient.newBuilder().sslContext(ssl).build().send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + server.port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .isEqualTo("berth_session=" + token + "; HttpOnly; SameSite=Strict; Path=/; Secure");
    }
}
