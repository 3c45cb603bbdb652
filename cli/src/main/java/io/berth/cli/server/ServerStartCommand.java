package io.berth.cli.server;

import io.berth.cli.BerthVersion;
import io.berth.cli.ExitCodes;
import io.berth.cli.UserError;
import io.berth.config.ConfigException;
import io.berth.config.ServerConfigLoader;
import io.berth.config.SubmissionConfigs;
import io.berth.sdk.ServerUnreachableException;
import io.berth.sdk.UnauthorizedException;
import io.berth.wire.ServerStatus;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "start", mixinStandardHelpOptions = true, description = "Start the server (in the background unless --foreground), with its "
        + "embedded Redis unless server.yaml names one.")
final class ServerStartCommand implements Callable<Integer> {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

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
        Files.createDirectories(files.home());
        Files.writeString(files.pidFile(), Long.toString(ProcessHandle.current().pid()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            try {
                Files.deleteIfExists(files.pidFile());
            } catch (IOException ignored) {
                // a stale pid file is recognised as such by the next start
            }
            stopped.countDown();
        }, "shutdown"));
        out().println("Berth server listening at " + files.listening() + " (Ctrl-C to stop)");
        out().flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private int spawn(ServerFiles files) throws IOException, InterruptedException {
        Files.createDirectories(files.home());
        List<String> command = new java.util.ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // its own session: closing this terminal does not hang it up
        }
        command.add(javaBinary());
        command.addAll(serverJvmOptions());
        command.addAll(List.of("-cp", classPath(), "io.berth.cli.Berth", "server", "start", "--foreground"));
        long logBefore = Files.exists(files.logFile()) ? Files.size(files.logFile()) : 0;
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                // what this start wrote, not the log of earlier runs; its own exit code says whose fault it was
                int code = process.exitValue() == ExitCodes.INVALID_INPUT ? ExitCodes.INVALID_INPUT : ExitCodes.INTERNAL;
                throw new UserError(code, "the server could not start:\n" + tail(files.logFile(), logBefore)
                        + "\n(server log: " + files.logFile() + ")");
            }
            Optional<ServerStatus> status = startedStatus(files);
            if (status.isPresent()) {
                out().println("Berth server started at " + files.listening() + " (pid " + process.pid() + ", "
                        + status.get().slots() + " slots, redis " + status.get().redis() + "; log: " + files.logFile() + ")");
                out().flush();
                return ExitCodes.OK;
            }
            Thread.sleep(200);
        }
        process.destroy();
        throw new UserError(ExitCodes.INTERNAL, "the server did not answer within " + STARTUP_TIMEOUT.toSeconds()
                + " s; see " + files.logFile());
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

    /**
     * The server waits on Docker and Redis far more than it computes: C1 alone compiles its code at a
     * fraction of C2's CPU, which the jobs need more (docs/benchmarks.md), and the serial collector
     * keeps a small heap without GC threads. {@code BERTH_SERVER_JAVA_OPTS} replaces these.
     */
    static List<String> serverJvmOptions() {
        String custom = System.getenv("BERTH_SERVER_JAVA_OPTS");
        if (custom != null) {
            return java.util.Arrays.stream(custom.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
        }
        return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** The last lines written to the log after {@code from} bytes. */
    private static String tail(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String written = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                java.nio.charset.StandardCharsets.UTF_8);
        List<String> lines = written.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
