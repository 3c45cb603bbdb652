package io.berth.cli.server;

import picocli.CommandLine.Command;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage the tokens clients log in with"
        + " ($BERTH_HOME/tokens.json). A running server takes changes up within a second.",
        subcommands = {ServerTokenCreateCommand.class, ServerTokenListCommand.class, ServerTokenRevokeCommand.class})
public final class ServerTokenCommand {
}
