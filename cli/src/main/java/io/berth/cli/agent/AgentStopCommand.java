package io.berth.cli.agent;

import io.berth.cli.BackgroundJvm;
import io.berth.cli.ExitCodes;
import io.berth.cli.Terminal;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the agent started with 'berth agent"
        + " start'. The head counts it lost once its lease runs out.")
final class AgentStopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AgentFiles files = AgentFiles.load();
        Terminal terminal = new Terminal(spec);
        Optional<ProcessHandle> process = files.runningProcess();
        if (process.isEmpty()) {
            terminal.say("no Berth agent is running (no live pid in " + files.pidFile() + ")");
            return ExitCodes.OK;
        }
        ProcessHandle agent = process.get();
        BackgroundJvm.stop(agent);
        terminal.say("stopped the Berth agent (pid " + agent.pid() + ")");
        return ExitCodes.OK;
    }
}
