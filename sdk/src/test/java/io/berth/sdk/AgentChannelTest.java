package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's download of a bundle from its head and upload of an archive to it: whole, or given up when the head
 * stops sending or taking.
 */
class AgentChannelTest {
    private static final String DIGEST = "a".repeat(64);
    private static final String PATH = "/agents/gpu1/bundles/" + DIGEST;

    @TempDir
    Path dir;

    private FakeBerthServer head;
    private AgentChannel channel;

    @BeforeEach
    void aHead() throws Exception {
        head = new FakeBerthServer();
        channel = new AgentChannel(new ApiTransport(head.url(), null, ServerTrust.jdkDefaults()), "gpu1",
                Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        head.close();
    }

    @Test
    void aBundleIsWrittenWhole() throws Exception {
        byte[] bundle = new byte[300_000];
        Arrays.fill(bundle, (byte) 7);
        head.on("GET", PATH, (exchange, request) -> {
            exchange.sendResponseHeaders(200, bundle.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bundle);
            }
        });

        Path target = dir.resolve("bundles").resolve(DIGEST);
        assertThat(channel.fetchBundle(DIGEST, target)).contains(target);
        assertThat(Files.readAllBytes(target)).isEqualTo(bundle);
    }

    @Test
    @Timeout(10)
    void aDownloadTheHeadStopsSendingIsGivenUpAndLeavesNothing() throws Exception {
        head.on("GET", PATH, (exchange, request) -> {
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[1000]);
            out.flush();
            Thread.sleep(8_000); // as a head cut off mid-transfer: the connection stays, nothing more comes
        });

        Path target = dir.resolve(DIGEST);
        assertThatThrownBy(() -> channel.fetchBundle(DIGEST, target)).isInstanceOf(BerthException.class)
                .hasMessageContaining("fetching bundle " + DIGEST).hasMessageContaining("sent nothing for");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve(DIGEST + ".part")).doesNotExist();
    }

    @Test
    void anArchiveIsSentWhole() throws Exception {
        byte[] archive = new byte[2_000_000];
        Arrays.fill(archive, (byte) 3);
        Path file = Files.write(dir.resolve("archive.tar.gz"), archive);
        head.on("PUT", "/agents/gpu1/jobs/j1/archive", (exchange, request) -> FakeBerthServer.respond(exchange, 204,
                new byte[0]));

        channel.uploadArchive("j1", 2, file);

        assertThat(head.last().body()).isEqualTo(archive);
        assertThat(head.last().query()).isEqualTo("attempt=2");
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anUploadTheHeadStopsTakingIsGivenUp() throws Exception {
        Path file = Files.write(dir.resolve("archive.tar.gz"), new byte[64 << 20]);
        // as a head cut off mid-transfer: the connection stays, and nothing of the body is read any more
        try (ServerSocket cutOff = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket connection = cutOff.accept()) {
                    Thread.sleep(15_000);
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            AgentChannel toCutOff = new AgentChannel(new ApiTransport(URI.create("http://127.0.0.1:"
                    + cutOff.getLocalPort()), null, ServerTrust.jdkDefaults()), "gpu1", Duration.ofMillis(500));

            assertThatThrownBy(() -> toCutOff.uploadArchive("j1", 1, file)).isInstanceOf(BerthException.class)
                    .hasMessageContaining("PUT /api/v1/agents/gpu1/jobs/j1/archive")
                    .hasMessageContaining("took nothing and answered nothing");
            acceptor.interrupt();
        }
    }

    @Test
    @Timeout(10)
    void aDownloadCutShortIsGivenUpAndLeavesNothing() throws Exception {
        head.on("GET", PATH, (exchange, request) -> {
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[1000]);
            out.flush();
            exchange.getHttpContext().getServer().stop(0); // as a head that dies mid-transfer: the connection ends
        });

        Path target = dir.resolve(DIGEST);
        assertThatThrownBy(() -> channel.fetchBundle(DIGEST, target)).isInstanceOf(BerthException.class)
                .hasMessageContaining("fetching bundle " + DIGEST);
        assertThat(target).doesNotExist();
        assertThat(dir.resolve(DIGEST + ".part")).doesNotExist();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked socket write ignores interrupts
    void anUploadAnHttpsHeadStopsTakingIsGivenUp() throws Exception {
        Path file = Files.write(dir.resolve("archive.tar.gz"), new byte[64 << 20]);
        Path keys = dir.resolve("head.p12");
        Path certificate = dir.resolve("head.pem");
        keytool("-genkeypair", "-alias", "head", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=head",
                "-validity", "2", "-keystore", keys.toString());
        keytool("-exportcert", "-rfc", "-alias", "head", "-keystore", keys.toString(), "-file", certificate.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        // as a head cut off mid-transfer, over TLS: the handshake is made, then nothing of the body is read
        try (ServerSocket cutOff = tls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch over = new CountDownLatch(1);
            Thread acceptor = new Thread(() -> {
                try (SSLSocket connection = (SSLSocket) cutOff.accept()) {
                    connection.startHandshake();
                    over.await(); // the connection stays open until the test has its answer
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            AgentChannel toCutOff = new AgentChannel(new ApiTransport(URI.create("https://127.0.0.1:"
                    + cutOff.getLocalPort()), null, ServerTrust.exactly(certificate)), "gpu1", Duration.ofSeconds(2));

            long start = System.nanoTime();
            assertThatThrownBy(() -> toCutOff.uploadArchive("j1", 1, file)).isInstanceOf(BerthException.class)
                    .hasMessageContaining("took nothing and answered nothing");
            // given up by the client itself, not ended by the server: a TLS close that waited for the blocked
            // writer would leave it there for as long as TCP keeps trying
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            over.countDown();
        }
    }

    private static final String PASSWORD = "test-only";

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
    }

    @Test
    @Timeout(10)
    void anAgentThatStopsPollingStopsWaitingForWork() throws Exception {
        head.on("POST", "/agents/gpu1/work", (exchange, request) -> Thread.sleep(8_000)); // no work for a while
        Thread stopper = new Thread(() -> {
            try {
                while (head.requests.isEmpty()) {
                    Thread.sleep(10);
                }
                Thread.sleep(200); // the call now waits in a socket read
            } catch (InterruptedException e) {
                return;
            }
            channel.stopPolling();
        });
        stopper.start();

        long start = System.nanoTime();
        assertThatThrownBy(() -> channel.work(new byte[0], Duration.ofSeconds(20))).isInstanceOf(BerthException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> channel.work(new byte[0], Duration.ofSeconds(20)))
                .hasMessageContaining("the client was closed");
    }
}
