package io.berth.cli.agent;

import io.berth.cli.ExitCodes;
import io.berth.cli.Terminal;
import io.berth.cli.UserError;
import io.berth.cli.AgentSummaries;
import io.berth.sdk.BerthApiException;
import io.berth.wire.AgentView;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether this machine's agent runs, and"
        + " how its head sees it: ready or lost, its last heartbeat, the capacity and labels it offers.")
final class AgentStatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the head's view of this agent (from GET /api/v1/agents) as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AgentFiles files = AgentFiles.load();
        Terminal terminal = new Terminal(spec);
        if (files.config().server() == null) {
            throw new UserError(ExitCodes.INVALID_INPUT, "this machine's agent has no head: " + files.configFile()
                    + " has no server: (berth agent start --server <url> joins one)");
        }
        Optional<ProcessHandle> process = files.runningProcess();
        String name = files.config().name();
        Optional<AgentView> seen;
        try {
            seen = Optional.of(files.head().agent(name));
        } catch (BerthApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            seen = Optional.empty();
        }
        if (json) {
            terminal.json(seen.orElse(null));
        } else {
            terminal.say("Berth agent " + name + process.map(p -> " (pid " + p.pid() + ")").orElse(" (not running here)")
                    + ", head " + files.config().server());
            if (seen.isEmpty()) {
                terminal.say("  the head has never seen it");
            } else {
                AgentSummaries.lines(seen.get(), Instant.now()).forEach(terminal::say);
            }
        }
        return process.isPresent() ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
    }
}
