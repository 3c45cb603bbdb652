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
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * The redis-server bundled in the embedded-redis jar, run for a daemon that has no {@code redis_url}.
 * It listens on 127.0.0.1 only, and keeps an append-only file in the data directory so that jobs
 * survive a restart of the daemon.
 *
 * <p>The daemon's lifecycle owner must call {@link #stop()}. The library itself adds a JVM shutdown
 * hook on each start that stops the process when the JVM exits normally; nothing survives a
 * {@code kill -9} of the JVM, though: the next start finds the orphan by the {@code redis.pid} in the data
 * directory and stops it before starting its own; a redis-server whose daemon still lives makes
 * {@link #start()} refuse rather than run two servers on one file.
 */
public final class EmbeddedRedis {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String HOST = "127.0.0.1";
    private static final String PID_FILE = "redis.pid";
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
    private RedisServer server;
    private int port;

    /** @param port 0 to pick a free one at each start */
    public EmbeddedRedis(int port, Path dataDir, Fsync fsync) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        this.requestedPort = port;
        this.dataDir = dataDir.toAbsolutePath();
        this.fsync = Objects.requireNonNull(fsync, "fsync");
    }

    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("embedded redis is already running on port " + port);
        }
        createDataDir();
        takeOverFromAKilledDaemon();
        if (requestedPort != 0) {
            startOn(requirePortFree(requestedPort));
            return;
        }
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

    /** Stops the server; Redis fsyncs its append-only file on the way down (SIGTERM, not SIGKILL). */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
            log.info("embedded redis on port {} stopped", port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded redis on port " + port, e);
        } finally {
            server = null;
        }
    }

    public synchronized int port() {
        if (server == null) {
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

    private void startOn(int candidatePort) {
        RedisServer candidate;
        try {
            candidate = RedisServer.newRedisServer()
                    // beside its data, not in a new temp directory per start that a killed server never removes
                    .executableProvider(ExecutableProvider.newJarResourceProvider(
                            Files.createDirectories(dataDir.resolve(BINARY_DIR)).toFile()))
                    .bind(HOST)
                    .port(candidatePort)
                    .setting("dir " + quoted(dataDir))
                    .setting("pidfile " + quoted(dataDir.resolve(PID_FILE)))
                    .setting("appendonly yes")
                    .setting("appendfsync " + fsync.configValue())
                    // The append-only file is the persistence; RDB snapshots too would only double the writes.
                    .setting("save \"\"")
                    .build();
            candidate.start();
        } catch (IOException e) {
            throw new IllegalStateException("embedded redis could not start on " + HOST + ":" + candidatePort
                    + " with data in " + dataDir + ": " + e.getMessage(), e);
        }
        server = candidate;
        port = candidatePort;
        log.info("embedded redis listening on {}:{}, data in {}, appendfsync {}", HOST, port, dataDir,
                fsync.configValue());
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

    /** redis.conf syntax for a value that may hold spaces or quotes. */
    private static String quoted(Path path) {
        return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
