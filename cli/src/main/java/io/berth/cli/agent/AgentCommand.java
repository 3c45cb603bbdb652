package io.berth.cli.agent;

import picocli.CommandLine.Command;

@Command(name = "agent", mixinStandardHelpOptions = true, description = "Start, stop and inspect this machine's agent:"
        + " it joins a Berth server (the head) so that the head can run jobs on this machine's Docker engine.",
        subcommands = {AgentStartCommand.class, AgentStopCommand.class, AgentStatusCommand.class})
public final class AgentCommand {
}
