package io.berth.cli.server;

import picocli.CommandLine.Command;

@Command(name = "server", mixinStandardHelpOptions = true, description = "Start, stop and inspect the Berth server on this"
        + " machine, and manage the tokens its clients log in with.",
        subcommands = {ServerStartCommand.class, ServerStopCommand.class, ServerStatusCommand.class,
                ServerTokenCommand.class})
public final class ServerCommand {
}
