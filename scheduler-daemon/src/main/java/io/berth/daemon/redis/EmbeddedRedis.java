package io.berth.daemon.redis;

import io.berth.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * The redis-server bundled in the embedded-redis jar, run for a daemon that has no {@code redis_url}.
 * It listens on 127.0.0.1 only, and keeps an append-only file in the data directory so that jobs
 * survive a restart of the daemon.
 *
 * <p>It is supervised: a redis-server that exits when nobody asked it to (killed, crashed) is started
 * again on the same port and data directory, from its append-only file, at once, and with a growing
 * wait if it keeps dying ({@link RestartBackoff}); the log says so, and {@link #onRestart} listeners
 * hear of it (the connection pool drops its dead connections).
 *
 * <p>The daemon's lifecycle owner must call {@link #stop()}; a JVM shutdown hook stops the process
 * when the JVM exits normally. Nothing survives a {@code kill -9} of the JVM, though: the next start
 * finds the orphan by the {@code redis.pid} in the data directory and stops it before starting its own;
 * a redis-server whose daemon still lives makes {@link #start()} refuse rather than run two servers on
 * one file.
 */
public final class EmbeddedRedis {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String HOST = RedisServerProcess.HOST;
    private static final String PID_FILE = RedisServerProcess.PID_FILE;
    /** Where the redis-server binary is unpacked, in the data directory it serves. */
    private static final String BINARY_DIR = "bin";
    /** A free port can be taken by someone else before Redis binds it; a fresh one usually is not. */
    private static final int ATTEMPTS_ON_A_FREE_PORT = 3;
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

    /** When Redis fsyncs its append-only file, which bounds what a crash of the machine can lose. */
    public enum Fsync {
        ALWAYS, EVERYSEC, NO;

        String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int requestedPort;
    private final Path dataDir;
    private final Fsync fsync;
    private final RestartBackoff backoff = RestartBackoff.standard();
    private final List<Runnable> restartListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "embedded-redis-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    /** The running process; null before the start, after the stop, and while a crashed one is restarted. */
    private RedisServerProcess server;
    private boolean running;
    private int port;
    private Thread shutdownHook;

    /** @param port 0 to pick a free one at the first start (a restart after a crash keeps it) */
    public EmbeddedRedis(int port, Path dataDir, Fsync fsync) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        this.requestedPort = port;
        this.dataDir = dataDir.toAbsolutePath();
        this.fsync = Objects.requireNonNull(fsync, "fsync");
    }

    /** Starts redis-server; an instance that was stopped is not started again (make a new one). */
    public synchronized void start() {
        if (supervisor.isShutdown()) {
            throw new IllegalStateException("this embedded redis was stopped; make a new one");
        }
        if (running) {
            throw new IllegalStateException("embedded redis is already running on port " + port);
        }
        createDataDir();
        takeOverFromAKilledDaemon();
        if (requestedPort != 0) {
            startOn(requirePortFree(requestedPort));
        } else {
            startOnAFreePort();
        }
        running = true;
        shutdownHook = new Thread(this::stop, "embedded-redis-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        log.info("embedded redis listening on {}:{}, data in {}, appendfsync {}", HOST, port, dataDir,
                fsync.configValue());
    }

    /** Called after each restart of a crashed redis-server, on the supervisor's thread. */
    public void onRestart(Runnable listener) {
        restartListeners.add(listener);
    }

    /** Stops the server; Redis fsyncs its append-only file on the way down (SIGTERM, not SIGKILL). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        supervisor.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook stops the process anyway
        }
        stopProcess();
        log.info("embedded redis on port {} stopped", port);
    }

    public synchronized int port() {
        if (!running) {
            throw new IllegalStateException("embedded redis is not running");
        }
        return port;
    }

    public String url() {
        return "redis://" + HOST + ":" + port();
    }

    public Path dataDir() {
        return dataDir;
    }

    private void stopProcess() {
        RedisServerProcess stopping = server;
        server = null; // an exit from here on is asked for: the supervisor leaves it be
        if (stopping != null) {
            stopping.stop();
        }
    }

    private void startOnAFreePort() {
        for (int attempt = 1; ; attempt++) {
            try {
                startOn(freePort());
                return;
            } catch (IllegalStateException e) {
                if (attempt == ATTEMPTS_ON_A_FREE_PORT) {
                    throw e;
                }
            }
        }
    }

    private void startOn(int candidatePort) {
        RedisServerProcess started;
        try {
            started = RedisServerProcess.start(binary(), candidatePort, dataDir, fsync);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("embedded redis could not start on " + HOST + ":" + candidatePort
                    + " with data in " + dataDir + ": " + e.getMessage(), e);
        }
        server = started;
        port = candidatePort;
        started.onExit().thenRun(() -> supervisor.execute(() -> exited(started)));
    }

    /** Beside its data, not in a new temp directory per start that a killed server never removes. */
    private Path binary() {
        try {
            return ExecutableProvider.newJarResourceProvider(
                    Files.createDirectories(dataDir.resolve(BINARY_DIR)).toFile()).get().toPath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot unpack redis-server into " + dataDir.resolve(BINARY_DIR)
                    + ": " + e.getMessage(), e);
        }
    }

    private synchronized void exited(RedisServerProcess process) {
        if (process != server) {
            return; // stopped on purpose
        }
        server = null;
        Duration wait = backoff.afterExit(process.upFor());
        if (!wait.isZero()) {
            log.warn("embedded Redis exited (code {}) {} ms after its start; restarting it in {} ms",
                    process.exitCode(), process.upFor().toMillis(), wait.toMillis());
        }
        long noticed = System.nanoTime();
        supervisor.schedule(() -> restart(process.exitCode(), noticed), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart(int exitCode, long noticed) {
        if (!running) {
            return;
        }
        try {
            startOn(port);
        } catch (RuntimeException e) {
            Duration wait = backoff.afterFailedStart();
            log.warn("embedded Redis could not be restarted: {}; trying again in {} ms", e.getMessage(),
                    wait.toMillis());
            supervisor.schedule(() -> restart(exitCode, noticed), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        log.warn("embedded Redis exited (code {}); restarted from its append-only file in {} ms", exitCode,
                (System.nanoTime() - noticed) / 1_000_000);
        restartListeners.forEach(Runnable::run);
    }

    private void createDataDir() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the redis data directory " + dataDir, e);
        }
    }

    /**
     * A redis-server still running on this data directory belongs either to a live daemon (refuse: two
     * servers on one file would corrupt it) or to one that was killed (its parent is gone): that one is
     * stopped with SIGTERM, which makes Redis write its append-only file out, and this start goes on.
     */
    private void takeOverFromAKilledDaemon() {
        Path pidFile = dataDir.resolve(PID_FILE);
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return; // no pid file, or not one Redis wrote: nothing is running from this directory
        }
        Optional<ProcessHandle> redis = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().filter(c -> c.contains("redis-server")).isPresent());
        if (redis.isEmpty()) {
            return;
        }
        boolean orphaned = redis.get().parent().map(parent -> parent.pid() == 1 || !parent.isAlive()).orElse(true);
        if (!orphaned) {
            throw new ConfigException(null, null, "data_dir", "a redis-server (pid " + pid
                    + ") of another running Berth server uses " + dataDir + "; stop that server first, or give this one"
                    + " a data directory of its own");
        }
        log.warn("a redis-server (pid {}) left behind by a killed daemon still uses {}; stopping it", pid, dataDir);
        redis.get().destroy();
        try {
            redis.get().onExit().get(ORPHAN_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the redis-server (pid " + pid + ") left behind by a killed daemon did"
                    + " not stop within " + ORPHAN_STOP_TIMEOUT.toSeconds() + " s; stop it (kill " + pid + ")", e);
        }
    }

    private static int requirePortFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (IOException e) {
            throw new ConfigException(null, null, "embedded_redis_port", "port " + port + " on " + HOST
                    + " is already in use; choose another port for the embedded redis, or set redis_url");
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }
}
