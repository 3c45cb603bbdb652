package io.berth.server;

import io.berth.cli.server.ServerLauncher;
import io.berth.config.ServerConfig;
import io.berth.daemon.BerthDaemon;

/** The server the {@code berth server start} of {@code berth-server.jar} runs: the scheduler daemon. */
public final class DaemonLauncher implements ServerLauncher {
    @Override
    public Running start(ServerConfig config, String version) {
        return BerthDaemon.start(config, version)::close;
    }
}
