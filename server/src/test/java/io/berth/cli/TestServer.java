package io.berth.cli;

import io.berth.config.BerthHome;
import io.berth.config.ServerConfig;
import io.berth.daemon.BerthDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Berth server for CLI tests: embedded Redis and HTTP on free ports, 2 slots, data under
 * {@code root}, and a {@code berth.home} whose submission config {@code scheduler} points at it (and a user's
 * home of its own: {@link TestHomes}).
 */
final class TestServer implements AutoCloseable {
    static final String ENV = "scheduler";

    private final BerthDaemon daemon;
    private final Path home;
    private final TestHomes homes;

    TestServer(Path root) throws IOException {
        home = root.resolve("home");
        homes = TestHomes.under(root);
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, 0, "everysec", root.resolve("server-data"), 2,
                ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), "berth", null);
        daemon = BerthDaemon.start(config, "test");
        writeSubmissionConfig(ENV, "http://127.0.0.1:" + daemon.port());
    }

    void writeSubmissionConfig(String env, String url) throws IOException {
        Path file = BerthHome.submissionDir(home).resolve(env + ".config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "scheduler_url: " + url + "\n");
    }

    /** The {@code berth.home} (BERTH_HOME) whose submission configs point at this server. */
    Path home() {
        return home;
    }

    @Override
    public void close() {
        daemon.close();
        homes.close();
    }
}
