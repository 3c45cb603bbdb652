package io.berth.cli.server;

import io.berth.cli.BackgroundJvm;
import io.berth.cli.BerthVersion;
import io.berth.cli.ExitCodes;
import io.berth.cli.UserError;
import io.berth.config.ConfigException;
import io.berth.config.ServerConfigLoader;
import io.berth.config.SubmissionConfigs;
import io.berth.sdk.ServerUnreachableException;
import io.berth.sdk.UnauthorizedException;
import io.berth.wire.ServerStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "start", mixinStandardHelpOptions = true, description = "Start the server (in the background unless --foreground), with its "
        + "embedded Redis unless server.yaml names one.")
final class ServerStartCommand implements Callable<Integer> {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--foreground", description = "Stay attached; Ctrl-C stops the server.")
    boolean foreground;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerLauncher launcher = ServerLauncher.find(); // the client jar says so before anything else
        ServerFiles files = ServerFiles.load();
        files.requireHomeOfItsOwn();
        Optional<ServerStatus> running = status(files);
        if (running.isPresent()) {
            out().println("a Berth server (" + running.get().version() + ") already answers at " + files.url());
            out().flush();
            return ExitCodes.OK;
        }
        return foreground ? runHere(launcher, files) : spawn(files);
    }

    private int runHere(ServerLauncher launcher, ServerFiles files) throws InterruptedException, IOException {
        ServerLauncher.Running server;
        try {
            server = launcher.start(files.config(), BerthVersion.get());
        } catch (ConfigException e) {
            // a value the server could not use (a port in use, say) is server.yaml's, with its default or not
            throw e.file() != null ? e : new ConfigException(files.home().resolve(ServerConfigLoader.FILE_NAME), null,
                    e.key(), e.detail());
        }
        new SubmissionConfigs(files.home()).ensureDefault(files.url(), files.config().security().tls() == null ? null
                : files.config().security().tls().certificateChain());
        BackgroundJvm.runUntilStopped(files.pidFile(), server, () -> {
            out().println("Berth server listening at " + files.listening() + " (Ctrl-C to stop)");
            out().flush();
        });
        return ExitCodes.OK;
    }

    private int spawn(ServerFiles files) throws IOException, InterruptedException {
        BackgroundJvm.Started<ServerStatus> started;
        try {
            started = BackgroundJvm.start("the server", BackgroundJvm.daemonJvmOptions(),
                    List.of("server", "start", "--foreground"), files.logFile(), STARTUP_TIMEOUT,
                    () -> startedStatus(files));
        } catch (UserError e) {
            throw new UserError(e.exitCode(), e.getMessage().replace("(log: ", "(server log: "));
        }
        out().println("Berth server started at " + files.listening() + " (pid " + started.pid() + ", "
                + started.answer().slots() + " slots, redis " + started.answer().redis() + "; log: " + files.logFile()
                + ")");
        out().flush();
        return ExitCodes.OK;
    }

    private static Optional<ServerStatus> status(ServerFiles files) {
        try {
            return Optional.of(files.status());
        } catch (ServerUnreachableException e) {
            return Optional.empty();
        }
    }

    /** As {@link #status}, but the server just started may not have written its local token yet. */
    private static Optional<ServerStatus> startedStatus(ServerFiles files) {
        try {
            return Optional.of(files.client().status());
        } catch (ServerUnreachableException | UnauthorizedException e) {
            return Optional.empty();
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
