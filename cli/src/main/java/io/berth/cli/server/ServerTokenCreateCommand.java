package io.berth.cli.server;

import io.berth.cli.ExitCodes;
import io.berth.cli.Terminal;
import io.berth.config.TokenFile;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Make a token for a client and print its"
        + " secret, the only time it is shown. The client stores it with 'berth login <env>'.")
final class ServerTokenCreateCommand implements Callable<Integer> {
    @Option(names = "--name", paramLabel = "NAME", description = "What the token is for, e.g. 'laptop' or 'ci'"
            + " (unique; default: token-<id>).")
    String name;

    @Option(names = "--agent", paramLabel = "AGENT", description = "A token for the named agent (docs/cluster.md):"
            + " good only for that agent's own calls, named agent-AGENT unless --name says otherwise.")
    String agent;

    @Option(names = "--expires", paramLabel = "DURATION", description = "Refuse the token this long after it is"
            + " made: 90d, 12h, 30m or 45s (default: it never expires).")
    String expires;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration lifetime = expires == null ? null : TokenFile.lifetime(expires);
        TokenFile tokens = ServerFiles.load().tokens();
        boolean first = tokens.read().isEmpty();
        TokenFile.Issued issued = tokens.create(name, lifetime, agent);
        Terminal terminal = new Terminal(spec);
        terminal.say(issued.secret());
        Instant expiry = issued.token().expires();
        terminal.note("Created token '" + issued.token().name() + "' (id " + issued.token().id() + ")"
                + (expiry == null ? "" : ", which expires at " + expiry) + ". Its secret is shown only this once:"
                + (agent == null ? " on the client, run 'berth login <env>' and give it." : " on agent " + agent + "'s"
                + " machine, put it in a file and name that file with token_file: in agent.yaml."));
        if (first) {
            terminal.note("From now on the server asks every client for a token, those on this machine too.");
        }
        return ExitCodes.OK;
    }
}
