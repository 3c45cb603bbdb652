package io.berth.cli;

import io.berth.cli.agent.AgentCommand;
import io.berth.cli.server.ServerCommand;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code berth} command: one class per subcommand, errors as one line and an exit code. */
@Command(name = "berth",
        mixinStandardHelpOptions = true,
        versionProvider = BerthVersion.class,
        description = "Runs experiments in Docker containers, queued and tracked by a Berth server.")
public final class Berth implements Runnable {
    /** The subcommands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            ServerCommand.class, AgentCommand.class, InitCommand.class, SubmitCommand.class, SweepCommand.class, ListCommand.class,
            GetCommand.class, StopCommand.class, DeleteCommand.class, QueueCommand.class, ClearQueueCommand.class,
            InfoCommand.class, LoginCommand.class, CommandLine.HelpCommand.class);

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Path workingDir;

    private Berth(Path workingDir) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // as picocli would print it, without building the command tree: that was most of the command's time
            System.out.println(BerthVersion.line());
            System.exit(ExitCodes.OK);
        }
        System.exit(commandLine(Path.of(""), args).execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        return commandLine(Path.of(""));
    }

    /**
     * The command line as if run in {@code workingDir}: the directory that names the current project and
     * holds project submission configs. Tests run commands "in" a project without changing the JVM's.
     */
    public static CommandLine commandLine(Path workingDir) {
        return build(workingDir, COMMANDS);
    }

    /**
     * As {@link #commandLine(Path)}, for these arguments: when the first names a subcommand (other than help,
     * which shows the others), only that one is built: picocli models every command it is given, by
     * reflection, and the whole tree cost some 30 ms of a 330 ms {@code berth list}.
     */
    public static CommandLine commandLine(Path workingDir, String... args) {
        List<Class<?>> named = args.length == 0 ? List.of() : COMMANDS.stream()
                .filter(command -> command != CommandLine.HelpCommand.class)
                .filter(command -> command.getAnnotation(Command.class).name().equals(args[0]))
                .toList();
        return build(workingDir, named.isEmpty() ? COMMANDS : named);
    }

    private static CommandLine build(Path workingDir, List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new Berth(workingDir));
        // a loop, not a method reference: a lambda that names picocli's CommandLine (compiled for Java 5) links it
        // while bin/berth's class archive is written, and JDK 17 then leaves that class out of the archive
        for (Class<?> command : commands) {
            cli.addSubcommand(command);
        }
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrors());
        // everything after `berth submit|sweep ... <env>` is positional, so the job's own --flags reach it untouched
        for (String name : List.of("submit", "sweep")) {
            CommandLine command = cli.getSubcommands().get(name);
            if (command != null) {
                command.setStopAtPositional(true);
            }
        }
        return cli;
    }

    /** The directory the command runs in (see {@link #commandLine(Path)}). */
    static Path workingDir(CommandLine.Model.CommandSpec spec) {
        return spec.root().userObject() instanceof Berth berth ? berth.workingDir : Path.of("").toAbsolutePath();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
