package io.berth.cli.server;

import io.berth.cli.ExitCodes;
import io.berth.cli.Terminal;
import io.berth.cli.UserError;
import io.berth.config.TokenFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Remove a token: a running server refuses"
        + " it within a second.")
final class ServerTokenRevokeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<name-or-id>", description = "The token's name or id ('berth server token list').")
    String nameOrId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TokenFile tokens = ServerFiles.load().tokens();
        TokenFile.Token revoked = tokens.revoke(nameOrId).orElseThrow(() -> new UserError(
                ExitCodes.NOT_FOUND_OR_CONFLICT, "no token is named or has the id '" + nameOrId + "' in "
                + tokens.path() + "; 'berth server token list' shows them"));
        Terminal terminal = new Terminal(spec);
        terminal.say("Revoked token '" + revoked.name() + "' (id " + revoked.id() + ").");
        if (tokens.read().isEmpty()) {
            terminal.note("No tokens are left: a running server accepts no client until it is restarted; then it"
                    + " serves this machine only, without tokens (and refuses to start if bound beyond loopback).");
        }
        return ExitCodes.OK;
    }
}
