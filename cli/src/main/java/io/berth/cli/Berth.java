package io.berth.cli;

import io.berth.cli.server.ServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code berth} command: one class per subcommand, errors as one line and an exit code. */
@Command(name = "berth",
        mixinStandardHelpOptions = true,
        versionProvider = BerthVersion.class,
        description = "Runs experiments in Docker containers, queued and tracked by a Berth server.",
        subcommands = {
                ServerCommand.class, InitCommand.class, SubmitCommand.class, SweepCommand.class, ListCommand.class,
                GetCommand.class, StopCommand.class, DeleteCommand.class, ClearQueueCommand.class,
                InfoCommand.class, CommandLine.HelpCommand.class})
public final class Berth implements Runnable {

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Berth());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        // everything after `berth submit|sweep ... <env>` is positional, so the job's own --flags reach it untouched
        cli.getSubcommands().get("submit").setStopAtPositional(true);
        cli.getSubcommands().get("sweep").setStopAtPositional(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
