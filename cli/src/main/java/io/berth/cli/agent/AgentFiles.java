package io.berth.cli.agent;

import io.berth.cli.BackgroundJvm;
import io.berth.config.AgentConfig;
import io.berth.config.AgentConfigLoader;
import io.berth.config.BerthHome;
import io.berth.sdk.BerthClient;
import java.nio.file.Path;
import java.util.Optional;

/** Where this machine's agent keeps its settings, pid file and log: its Berth home. */
record AgentFiles(Path home, AgentConfig config) {

    static AgentFiles load() {
        Path home = BerthHome.path();
        return new AgentFiles(home, AgentConfigLoader.load(home));
    }

    Path configFile() {
        return home.resolve(AgentConfigLoader.FILE_NAME);
    }

    Path pidFile() {
        return home.resolve("agent.pid");
    }

    Path logFile() {
        return home.resolve("agent.log");
    }

    Optional<ProcessHandle> runningProcess() {
        return BackgroundJvm.running(pidFile());
    }

    /** A client of the agent's head, as the agent itself reaches it. */
    BerthClient head() {
        return BerthClient.of(config);
    }
}
