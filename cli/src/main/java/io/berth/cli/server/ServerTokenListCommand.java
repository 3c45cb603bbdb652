package io.berth.cli.server;

import io.berth.cli.ExitCodes;
import io.berth.cli.Table;
import io.berth.cli.Terminal;
import io.berth.config.TokenFile;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "The tokens the server accepts: name, id and"
        + " when each was made (never their secrets).")
final class ServerTokenListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print them as JSON, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** What {@code --json} shows of a token: not its hash, which no script needs. */
    record Listed(String name, String id, Instant created) {}

    @Override
    public Integer call() {
        List<TokenFile.Token> tokens = ServerFiles.load().tokens().read();
        Terminal terminal = new Terminal(spec);
        if (json) {
            terminal.json(tokens.stream().map(t -> new Listed(t.name(), t.id(), t.created())).toList());
            return ExitCodes.OK;
        }
        if (tokens.isEmpty()) {
            terminal.say("No tokens. Make one with: berth server token create --name <client>");
            return ExitCodes.OK;
        }
        Table table = new Table(List.of("NAME", "ID", "CREATED"));
        tokens.forEach(t -> table.add(List.of(t.name(), t.id(), t.created().toString())));
        table.print(terminal.out());
        return ExitCodes.OK;
    }
}
