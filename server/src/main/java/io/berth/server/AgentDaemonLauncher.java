package io.berth.server;

import io.berth.cli.agent.AgentLauncher;
import io.berth.config.AgentConfig;
import io.berth.daemon.agent.BerthAgent;

/** The agent the {@code berth agent start} of {@code berth-server.jar} runs. */
public final class AgentDaemonLauncher implements AgentLauncher {
    @Override
    public Running start(AgentConfig config, String version) {
        return BerthAgent.start(config, version)::close;
    }
}
