package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.config.BerthHome;
import io.berth.config.ServerConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two Berth homes on one machine: the second is told its ports are taken, and by whom, and nothing starts. */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerStartIT {
    @TempDir
    static Path root;

    private static HomeServer first;
    private static int firstRedisPort;

    @BeforeAll
    static void startTheFirstHomesServer() throws Exception {
        first = new HomeServer(root.resolve("first"), "", home -> { });
        firstRedisPort = ServerConfigLoader.load(first.home).embeddedRedisPort();
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
    }

    @AfterEach
    void backToTheFirstHome() {
        System.setProperty(BerthHome.PROPERTY, first.home.toString());
    }

    /** A second home whose server.yaml has these lines, made the current one. */
    private static Path secondHome(String serverYaml) throws IOException {
        Path home = Files.createDirectories(root.resolve("second-" + System.nanoTime()));
        Files.writeString(home.resolve(ServerConfigLoader.FILE_NAME), serverYaml);
        System.setProperty(BerthHome.PROPERTY, home.toString());
        return home;
    }

    @Test
    void aHomeWhosePortAnotherHomesServerHoldsIsToldSoAndNotShownThatServer() throws Exception {
        Path home = secondHome("port: %d\nembedded_redis_port: %d\n".formatted(first.port, HomeServer.freePort()));

        for (CliRun run : new CliRun[] {berth("server", "start", "--foreground"), berth("server", "status")}) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(run.err()).contains("keeps its data in " + root.resolve("first/server-data"))
                    .contains("another home's server")
                    .contains(home.resolve("server.yaml").toString());
            assertThat(run.out()).doesNotContain("already answers").doesNotContain("slots");
        }
        assertThat(home.resolve("data")).as("nothing of a server made").doesNotExist();
    }

    @Test
    void aHomeWhosePortAServerWithTokensHoldsIsToldItIsAnotherHomesServer() throws Exception {
        try (HomeServer guarded = new HomeServer(root.resolve("guarded"), "",
                home -> assertThat(berth("server", "token", "create", "--name", "someone").exitCode()).isZero())) {
            Path home = secondHome("port: %d\nembedded_redis_port: %d\n".formatted(guarded.port, HomeServer.freePort()));

            for (CliRun run : new CliRun[] {berth("server", "start", "--foreground"), berth("server", "status")}) {
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
                assertThat(run.err()).contains("another home's server")
                        .contains("port: in " + home.resolve("server.yaml"));
            }
        }
    }

    @Test
    void anEmbeddedRedisPortInUseNamesTheKeyInServerYaml() throws Exception {
        Path home = secondHome("port: %d\nembedded_redis_port: %d\n".formatted(HomeServer.freePort(), firstRedisPort));

        CliRun run = berth("server", "start", "--foreground");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains(home.resolve("server.yaml") + ": embedded_redis_port: port " + firstRedisPort)
                .contains("already in use").doesNotContain("Exception");
    }

    @Test
    void anHttpPortAnotherProgramHoldsNamesTheKeyInServerYaml() throws Exception {
        // bound, not listening: nothing answers there, yet no server can listen there
        try (SocketChannel held = SocketChannel.open()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) held.getLocalAddress()).getPort();
            Path home = secondHome("port: %d\nembedded_redis_port: %d\n".formatted(port, HomeServer.freePort()));

            CliRun run = berth("server", "start", "--foreground");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(run.err()).contains(home.resolve("server.yaml") + ": port: 127.0.0.1:" + port
                    + " is already in use").doesNotContain("Exception");
        }
    }
}
