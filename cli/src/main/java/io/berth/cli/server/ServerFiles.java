package io.berth.cli.server;

import io.berth.config.BerthHome;
import io.berth.config.ServerConfig;
import io.berth.config.ServerConfigLoader;
import io.berth.sdk.BerthClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the local server's config, pid file and log live, and how to reach it. */
record ServerFiles(Path home, ServerConfig config) {

    static ServerFiles load() {
        Path home = BerthHome.path();
        return new ServerFiles(home, ServerConfigLoader.load(home));
    }

    Path pidFile() {
        return home.resolve("server.pid");
    }

    Path logFile() {
        return home.resolve("server.log");
    }

    URI url() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return URI.create("http://" + host + ":" + config.port());
    }

    BerthClient client() {
        return new BerthClient(url(), null);
    }

    Optional<ProcessHandle> runningProcess() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
