package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An agent's download of a bundle from its head: whole, or given up when the head stops sending. */
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
}
