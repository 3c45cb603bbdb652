package io.berth.cli;

import io.berth.config.BerthHome;
import io.berth.config.ServerConfigLoader;
import io.berth.daemon.BerthDaemon;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real server started the way {@code berth server start --foreground} starts one: from the
 * {@code server.yaml} of a Berth home (set as {@code berth.home}), on free ports, with 2 slots. The server
 * commands ({@code berth server status}, {@code token}) then work on the same home.
 */
final class HomeServer implements AutoCloseable {
    final Path home;
    final int port;
    private BerthDaemon daemon;
    private final TestHomes homes;

    /** @param serverYaml more lines of {@code server.yaml} (tls_cert, ...), or "" */
    HomeServer(Path root, String serverYaml, HomeSetup beforeStart) throws IOException {
        home = root.resolve("home");
        port = freePort();
        Files.createDirectories(home);
        Files.writeString(home.resolve(ServerConfigLoader.FILE_NAME), """
                port: %d
                embedded_redis_port: %d
                data_dir: %s
                slots: 2
                stop_grace_period: 2s
                """.formatted(port, freePort(), root.resolve("server-data")) + serverYaml);
        homes = TestHomes.under(root);
        beforeStart.prepare(home);
        daemon = BerthDaemon.start(ServerConfigLoader.load(home), "test");
    }

    /** What a test puts into the home before the server starts (its tokens). */
    interface HomeSetup {
        void prepare(Path home) throws IOException;
    }

    /** Writes {@code $BERTH_HOME/config/submission/<env>.config.yaml}. */
    Path writeSubmissionConfig(String env, String yaml) throws IOException {
        Path file = BerthHome.submissionDir(home).resolve(env + ".config.yaml");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }

    /** Stops the server and starts it again from the same home, on the same ports, as an operator's restart. */
    void restart() throws IOException {
        daemon.close();
        daemon = BerthDaemon.start(ServerConfigLoader.load(home), "test");
    }

    @Override
    public void close() {
        daemon.close();
        homes.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
