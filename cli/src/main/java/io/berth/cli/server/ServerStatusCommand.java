package io.berth.cli.server;

import io.berth.cli.AgentSummaries;
import io.berth.cli.ExitCodes;
import io.berth.cli.Terminal;
import io.berth.wire.ServerStatus;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the local server runs, and how "
        + "busy it is: slots, CPUs, memory and GPUs in use of its capacity, and queued jobs.")
final class ServerStatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the server's status (GET /api/v1/status) as JSON, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ServerFiles files = ServerFiles.load();
        ServerStatus status = files.status();
        Terminal terminal = new Terminal(spec);
        if (json) {
            terminal.json(status);
            return ExitCodes.OK;
        }
        terminal.say("Berth server " + status.version() + " at " + files.url()
                + files.runningProcess().map(p -> " (pid " + p.pid() + ")").orElse(""));
        StatusReport.lines(status).forEach(terminal::say);
        if (status.agents() != null && !status.agents().isEmpty()) {
            terminal.say("");
            AgentSummaries.printTable(status.agents(), Instant.now(), terminal.out());
        }
        return ExitCodes.OK;
    }
}
