package io.berth.cli;

import picocli.CommandLine.Command;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Get a job's logs, archive or details, or the metrics of many jobs.",
        subcommands = {GetLogsCommand.class, GetJobCommand.class, GetMetricsCommand.class, GetJobDetailsCommand.class})
final class GetCommand {
}
