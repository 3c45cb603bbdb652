package io.berth.cli.server;

import io.berth.cli.ExitCodes;
import io.berth.cli.Table;
import io.berth.cli.Terminal;
import io.berth.config.TokenFile;
import io.berth.config.TokenUseFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "The tokens the server accepts: name, id,"
        + " whom each is for (a user or an agent), when each was made, when it expires and when it was last used"
        + " (never their secrets).")
final class ServerTokenListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print them as JSON, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** What {@code --json} shows of a token: not its hash, which no script needs; null fields left out. */
    record Listed(String name, String id, String agent, Instant created, Instant expires, Boolean expired,
                  Instant lastUsed) {}

    @Override
    public Integer call() {
        TokenFile file = ServerFiles.load().tokens();
        List<TokenFile.Token> tokens = file.read();
        Map<String, Instant> lastUsed = TokenUseFile.beside(file).read();
        Instant now = Instant.now();
        Terminal terminal = new Terminal(spec);
        if (json) {
            terminal.json(tokens.stream().map(t -> new Listed(t.name(), t.id(), t.agent(), t.created(), t.expires(),
                    t.expires() == null ? null : t.expiredAt(now), lastUsed.get(t.id()))).toList());
            return ExitCodes.OK;
        }
        if (tokens.isEmpty()) {
            terminal.say("No tokens. Make one with: berth server token create --name <client>");
            return ExitCodes.OK;
        }
        Table table = new Table(List.of("NAME", "ID", "FOR", "CREATED", "EXPIRES", "LAST USED"));
        for (TokenFile.Token t : tokens) {
            String expires = t.expires() == null ? "never" : t.expiredAt(now) ? "expired" : t.expires().toString();
            Instant used = lastUsed.get(t.id());
            table.add(List.of(t.name(), t.id(), t.agent() == null ? "user" : "agent " + t.agent(), t.created().toString(), expires, used == null ? "never" : used.toString()));
        }
        table.print(terminal.out());
        return ExitCodes.OK;
    }
}
