package io.berth.cli.server;

import picocli.CommandLine.Command;

@Command(name = "server", mixinStandardHelpOptions = true, description = "Start, stop and inspect the Berth server on this machine.",
        subcommands = {ServerStartCommand.class, ServerStopCommand.class, ServerStatusCommand.class})
public final class ServerCommand {
}
