package io.berth.cli.agent;

import io.berth.cli.BackgroundJvm;
import io.berth.cli.BerthVersion;
import io.berth.cli.ExitCodes;
import io.berth.cli.Terminal;
import io.berth.cli.UserError;
import io.berth.config.AgentConfig;
import io.berth.config.AgentConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true, description = "Join the head and keep a heartbeat to it (in"
        + " the background unless --foreground). Settings are in $BERTH_HOME/agent.yaml (docs/cluster.md).")
final class AgentStartCommand implements Callable<Integer> {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--server", paramLabel = "<url>", description = "The head's URL (else server: in agent.yaml).")
    String server;

    @Option(names = "--token-file", paramLabel = "<file>", description = "A file holding the token the head issued"
            + " (berth server token create); else token_file: in agent.yaml.")
    Path tokenFile;

    @Option(names = "--foreground", description = "Stay attached; Ctrl-C stops the agent.")
    boolean foreground;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AgentLauncher launcher = AgentLauncher.find(); // the client jar says so before anything else
        AgentFiles files = AgentFiles.load();
        AgentConfig config = files.config().with(
                server == null ? null : AgentConfigLoader.parseServer("--server", server),
                tokenFile == null ? null : tokenFile.toAbsolutePath());
        if (config.server() == null) {
            throw new UserError(ExitCodes.INVALID_INPUT, "the agent has no head to join: give the head's URL with"
                    + " --server, or as server: in " + files.configFile());
        }
        Terminal terminal = new Terminal(spec);
        Optional<ProcessHandle> running = files.runningProcess();
        if (running.isPresent()) {
            terminal.say("a Berth agent already runs from " + files.home() + " (pid " + running.get().pid() + ")");
            return ExitCodes.OK;
        }
        Files.deleteIfExists(files.pidFile()); // a dead agent's: its successor writes its own once it has joined
        return foreground ? runHere(launcher, files, config, terminal) : spawn(files, config, terminal);
    }

    private int runHere(AgentLauncher launcher, AgentFiles files, AgentConfig config, Terminal terminal)
            throws InterruptedException, IOException {
        AgentLauncher.Running agent = launcher.start(config, BerthVersion.get());
        BackgroundJvm.runUntilStopped(files.pidFile(), agent, () -> terminal.say("Berth agent " + config.name()
                + " joined " + config.server() + " (Ctrl-C to stop)"));
        return ExitCodes.OK;
    }

    private int spawn(AgentFiles files, AgentConfig config, Terminal terminal) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("agent", "start", "--foreground"));
        if (server != null) {
            arguments.addAll(List.of("--server", server));
        }
        if (tokenFile != null) {
            arguments.addAll(List.of("--token-file", tokenFile.toAbsolutePath().toString()));
        }
        // it writes its pid file once the head has taken its first heartbeat
        BackgroundJvm.Started<ProcessHandle> started = BackgroundJvm.start("the agent", BackgroundJvm.daemonJvmOptions(),
                arguments, files.logFile(), STARTUP_TIMEOUT, files::runningProcess);
        terminal.say("Berth agent " + config.name() + " joined " + config.server() + " (pid " + started.pid()
                + "; log: " + files.logFile() + ")");
        return ExitCodes.OK;
    }
}
