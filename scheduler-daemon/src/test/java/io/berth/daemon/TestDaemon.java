package io.berth.daemon;

import io.berth.config.ServerConfig;
import java.nio.file.Path;

/** A whole server for one test class (embedded Redis, real Docker, free ports), and plain HTTP calls to it. */
final class TestDaemon implements AutoCloseable {
    private final BerthDaemon daemon;
    final TestApi api;

    TestDaemon(Path home) {
        this(TestApi.config(home, null));
    }

    TestDaemon(ServerConfig config) {
        daemon = BerthDaemon.start(config, "test");
        api = new TestApi(daemon.port());
    }

    int port() {
        return daemon.port();
    }

    @Override
    public void close() {
        daemon.close();
    }
}
