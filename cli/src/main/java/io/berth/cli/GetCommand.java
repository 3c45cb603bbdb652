package io.berth.cli;

import picocli.CommandLine.Command;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Get a job's logs, archive or details, the metrics of many jobs, or the queue.",
        subcommands = {GetLogsCommand.class, GetJobCommand.class, GetMetricsCommand.class, GetJobDetailsCommand.class,
                GetQueueCommand.class})
final class GetCommand {
}
