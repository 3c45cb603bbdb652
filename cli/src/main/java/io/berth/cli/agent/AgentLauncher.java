package io.berth.cli.agent;

import io.berth.cli.ExitCodes;
import io.berth.cli.UserError;
import io.berth.config.AgentConfig;
import java.util.ServiceLoader;

/**
 * Runs a Berth agent in this JVM. As with the server ({@link io.berth.cli.server.ServerLauncher}), the server module
 * provides it, so that the client jar carries none of the agent's libraries; {@code bin/berth} runs
 * {@code agent start} with {@code berth-server.jar}.
 */
public interface AgentLauncher {

    /**
     * Joins the head with a first heartbeat and keeps beating; closing what it returns stops the agent.
     *
     * @throws io.berth.config.ConfigException if agent.yaml names no head or its token file cannot be read
     * @throws io.berth.sdk.BerthException     if the head cannot be reached or refuses the agent
     */
    Running start(AgentConfig config, String version);

    /** An agent this JVM runs. */
    interface Running extends AutoCloseable {
        @Override
        void close();
    }

    /** The launcher on the class path, or a {@link UserError} saying which jar has it. */
    static AgentLauncher find() {
        return ServiceLoader.load(AgentLauncher.class).findFirst().orElseThrow(() -> new UserError(
                ExitCodes.INTERNAL, "this is the client jar, which has no agent in it: start the agent with"
                + " berth-server.jar (java -jar berth-server.jar agent start), as bin/berth does"));
    }
}
