package io.berth.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Starts this command again in a JVM of its own, in the background (the server's and the agent's {@code start}),
 * and waits until it says it is up; if it dies first, what it wrote to its log is the error.
 */
public final class BackgroundJvm {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** Exit codes passed on as they are: bad input, or a server that cannot be reached or refuses a token. */
    private static final Set<Integer> USERS_FAULTS = Set.of(ExitCodes.INVALID_INPUT, ExitCodes.SERVER_UNREACHABLE,
            ExitCodes.UNAUTHORIZED);

    private BackgroundJvm() {}

    /** A JVM started, and what it answered once ready. */
    public record Started<T>(long pid, T answer) {}

    /**
     * Runs {@code berth <arguments>} with the JVM options in the background, appending its output to {@code log},
     * and returns its pid with what {@code ready} first answers, polled until the process has run for {@code timeout}.
     *
     * @param what   what is started, for the errors: "the server", "the agent"
     * @throws UserError if it exits first (with its log's new lines) or does not become ready in time
     */
    public static <T> Started<T> start(String what, List<String> jvmOptions, List<String> arguments, Path log,
                              Duration timeout, Supplier<Optional<T>> ready) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // its own session: closing this terminal does not hang it up
        }
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Berth.class.getName()));
        command.addAll(arguments);
        long logBefore = Files.exists(log) ? Files.size(log) : 0;
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                // what this start wrote, not the log of earlier runs; its own exit code says whose fault it was
                int code = USERS_FAULTS.contains(process.exitValue()) ? process.exitValue() : ExitCodes.INTERNAL;
                throw new UserError(code, what + " could not start:\n" + tail(log, logBefore) + "\n(log: " + log + ")");
            }
            Optional<T> answer = ready.get();
            if (answer.isPresent()) {
                return new Started<>(process.pid(), answer.get());
            }
            Thread.sleep(200);
        }
        process.destroy();
        throw new UserError(ExitCodes.INTERNAL, what + " did not come up within " + timeout.toSeconds() + " s; see "
                + log);
    }

    /**
     * For the JVM {@link #start} started, once what it runs is up: writes its pid file, says it is up, and waits
     * until SIGTERM or Ctrl-C, which close what it runs and remove the pid file.
     */
    public static void runUntilStopped(Path pidFile, AutoCloseable running, Runnable sayUp)
            throws IOException, InterruptedException {
        Files.createDirectories(pidFile.toAbsolutePath().getParent());
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
                Files.deleteIfExists(pidFile);
            } catch (Exception ignored) {
                // a stale pid file is recognised as such by the next start
            }
            stopped.countDown();
        }, "shutdown"));
        sayUp.run();
        stopped.await();
    }

    /** Stops such a JVM: SIGTERM, then SIGKILL if it has not ended within 30 s. */
    public static void stop(ProcessHandle process) throws InterruptedException, ExecutionException {
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
        }
    }

    /** The pid of a JVM {@link #start} started, as the command that started it sees it. */
    public static Optional<ProcessHandle> running(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The options of a long-lived Berth JVM: it waits on Docker, Redis and the network far more than it computes,
     * so C1 alone compiles its code at a fraction of C2's CPU, which the jobs need more (docs/benchmarks.md), and the
     * serial collector keeps a small heap without GC threads. The heap is sized for a server's RSS to stay within
     * 512 MB with a million jobs indexed: a young generation of 64 MB (by default a third of the heap, whose
     * garbage stays in RSS), a heap that starts at 128 MB rather than a 64th of the machine's memory and grows as
     * the live set does, keeping 20 to 40 % of its old generation free. {@code BERTH_SERVER_JAVA_OPTS} replaces these.
     */
    public static List<String> daemonJvmOptions() {
        String custom = System.getenv("BERTH_SERVER_JAVA_OPTS");
        if (custom != null) {
            return Arrays.stream(custom.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
        }
        return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmn64m", "-Xms128m", "-XX:MinHeapFreeRatio=20",
                "-XX:MaxHeapFreeRatio=40");
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The last lines written to the log after {@code from} bytes. */
    private static String tail(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String written = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
        List<String> lines = written.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
