package io.berth.daemon.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One redis-server process of the embedded Redis, started by Berth itself (not by the embedded-redis
 * library, which hides the {@link Process}) so that its exit, and the exit code, can be watched.
 * Its output goes to {@code redis.log} in its data directory.
 */
final class RedisServerProcess {
    static final String HOST = "127.0.0.1";
    static final String PID_FILE = "redis.pid";
    static final String LOG_FILE = "redis.log";
    /** Loading a large append-only file takes a while; Redis answers LOADING meanwhile. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);

    private final Process process;
    private final int port;
    private final long startedAt = System.nanoTime();

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts redis-server and returns once it answers on {@code port}; throws if it exits or never answers. */
    static RedisServerProcess start(Path binary, int port, Path dataDir, EmbeddedRedis.Fsync fsync) {
        List<String> command = List.of(binary.toString(),
                "--bind", HOST,
                "--port", Integer.toString(port),
                "--dir", dataDir.toString(),
                "--pidfile", dataDir.resolve(PID_FILE).toString(),
                "--appendonly", "yes",
                "--appendfsync", fsync.configValue(),
                // The append-only file is the persistence; RDB snapshots too would only double the writes.
                "--save", "");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve(LOG_FILE).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        RedisServerProcess started = new RedisServerProcess(process, port);
        started.awaitReady(dataDir);
        return started;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The exit code (128 + the signal for a killed process); only once it has exited. */
    int exitCode() {
        return process.exitValue();
    }

    Duration upFor() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** SIGTERM, on which Redis writes its append-only file out; SIGKILL if it has not exited after 30 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ready when this very process answers: a PONG from another program on the port does not count. */
    private void awaitReady(Path dataDir) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with code " + process.exitValue()
                        + " at its start on " + HOST + ":" + port + " (data in " + dataDir + "): "
                        + lastLines(dataDir.resolve(LOG_FILE)));
            }
            if (answers()) {
                return;
            }
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server on " + HOST + ":" + port + " did not answer within "
                + READY_TIMEOUT.toMinutes() + " min of its start; see " + dataDir.resolve(LOG_FILE));
    }

    /** This process answers, and has loaded its append-only file: INFO answers while it loads, PING does not. */
    private boolean answers() {
        try (Jedis jedis = new Jedis(HOST, port, 1_000)) {
            return jedis.info("server").contains("process_id:" + process.pid() + "\r\n") && "PONG".equals(jedis.ping());
        } catch (JedisException e) {
            return false; // not listening yet, or LOADING its append-only file
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server to start", e);
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output)";
        }
    }
}
