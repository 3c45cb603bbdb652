package io.berth.cli.server;

import io.berth.cli.ExitCodes;
import io.berth.cli.UserError;
import io.berth.config.ServerConfig;
import java.util.ServiceLoader;

/**
 * Runs the Berth server in this JVM. The server module provides it, so that the client jar ({@code berth.jar})
 * carries none of the server's libraries and starts fast; {@code berth-server.jar} is the same command with the
 * server in it, and {@code bin/berth} runs {@code server start} with that jar.
 */
public interface ServerLauncher {

    /**
     * Starts the server; closing what it returns stops it.
     *
     * @throws io.berth.config.ConfigException if the config has a value the server cannot use
     */
    Running start(ServerConfig config, String version);

    /** A server this JVM runs. */
    interface Running extends AutoCloseable {
        @Override
        void close();
    }

    /** The launcher on the class path, or a {@link UserError} saying which jar has it. */
    static ServerLauncher find() {
        return ServiceLoader.load(ServerLauncher.class).findFirst().orElseThrow(() -> new UserError(
                ExitCodes.INTERNAL, "this is the client jar, which has no server in it: start the server with"
                + " berth-server.jar (java -jar berth-server.jar server start), as bin/berth does"));
    }
}
