package io.berth.cli;

import picocli.CommandLine.Command;

@Command(name = "queue", mixinStandardHelpOptions = true, description = "Change the order of queued jobs "
        + "('berth get queue' shows it).", subcommands = QueueMoveCommand.class)
final class QueueCommand {
}
