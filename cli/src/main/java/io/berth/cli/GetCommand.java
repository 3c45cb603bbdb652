package io.berth.cli;

import picocli.CommandLine.Command;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Get a job's logs or its archive.",
        subcommands = {GetLogsCommand.class, GetJobCommand.class})
final class GetCommand {
}
