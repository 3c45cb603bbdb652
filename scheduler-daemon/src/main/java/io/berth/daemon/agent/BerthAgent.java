package io.berth.daemon.agent;

import io.berth.config.AgentConfig;
import io.berth.config.AgentConfigLoader;
import io.berth.config.BerthHome;
import io.berth.config.ConfigException;
import io.berth.daemon.core.admission.Capacity;
import io.berth.daemon.host.HostCapacity;
import io.berth.sdk.BerthApiException;
import io.berth.sdk.BerthClient;
import io.berth.sdk.BerthException;
import io.berth.sdk.ServerCertificateException;
import io.berth.sdk.UnauthorizedException;
import io.berth.wire.AgentLease;
import io.berth.wire.AgentReport;
import io.berth.wire.ApiError;
import io.berth.wire.ServerStatus;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: joins its head with a first heartbeat (which must succeed, so that a wrong URL, token or name
 * is told at start), then beats at a quarter of the lease the head answers with. A failed beat is logged and tried
 * again at the next; the head counts the agent lost only when its lease runs out. Meanwhile it runs the jobs the
 * head gives it ({@link AgentEngine}), and keeps a {@link LeaseWatch} beside it that stops their containers if the
 * agent goes away for most of a lease.
 */
public final class BerthAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BerthAgent.class);
    /** Docker's own default, where neither agent.yaml nor DOCKER_HOST names an engine. */
    private static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** How long the beat of a stopping agent may take: it gives a restart the whole of the time to take up its jobs. */
    private static final Duration LAST_BEAT_TIMEOUT = Duration.ofSeconds(2);
    /** How often a watch that ended while the agent runs (it failed) is started again, at most. */
    private static final Duration WATCH_RESTART = Duration.ofMinutes(1);

    private final AgentConfig config;
    private final BerthClient head;
    private final AgentReport report;
    private final Path dataDir;
    private long beatsTaken;
    private Process watch;
    private long watchStartedNanos;
    private volatile boolean watchFailing;
    private AgentLock lock;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean failing;
    private AgentEngine engine;
    /** How long one beat may wait for the head: the interval, so that a stuck call costs one beat, not the lease. */
    private volatile Duration beatTimeout = Duration.ofSeconds(10);

    private BerthAgent(AgentConfig config, BerthClient head, AgentReport report, Path dataDir) {
        this.config = config;
        this.head = head;
        this.report = report;
        this.dataDir = dataDir;
    }

    /**
     * Joins the head and keeps beating until closed.
     *
     * @throws ConfigException if agent.yaml names no head or its token file cannot be read
     * @throws BerthException  if the head cannot be reached or refuses the agent
     */
    public static BerthAgent start(AgentConfig config, String version) {
        if (config.server() == null) {
            throw new ConfigException(null, null, "server", "the agent has no head to join: give its URL with"
                    + " --server, or as server: in " + AgentConfigLoader.FILE_NAME);
        }
        BerthClient head = BerthClient.of(config);
        Capacity capacity = HostCapacity.of(config.slots(), config.scheduling());
        String dockerHost = config.dockerHost() != null ? config.dockerHost()
                : System.getenv().getOrDefault("DOCKER_HOST", DEFAULT_DOCKER_HOST);
        AgentReport report = new AgentReport(version, dockerHost, new ServerStatus.Amounts(capacity.slots(),
                capacity.milliCpus() / 1000.0, capacity.memoryBytes(), capacity.gpuIds()), config.labels());
        Path dataDir = dataDir();
        BerthAgent agent = new BerthAgent(config, head, report, dataDir);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the agent's data directory " + dataDir, e);
        }
        agent.lock = AgentLock.hold(dataDir);
        long sent = System.nanoTime();
        AgentLease lease;
        try {
            lease = head.beat(config.name(), report);
        } catch (BerthApiException e) {
            agent.lock.close();
            throw refusal(config, e);
        } catch (ServerCertificateException e) {
            agent.lock.close();
            if (!"https".equalsIgnoreCase(e.url().getScheme()) || e.getCause() == null) {
                throw e; // plain HTTP to a head that speaks TLS: its message says so
            }
            throw new ServerCertificateException(e.url(), "the agent cannot make a verified TLS connection to its head"
                    + " at " + e.url() + ": " + e.getCause().getMessage() + " (a head whose certificate comes from a"
                    + " private CA needs that CA as ca_cert in " + AgentConfigLoader.FILE_NAME + "; the URL's host must"
                    + " be one the certificate names)", e.getCause());
        }
        LOG.info("agent {} joined {} (lease {} s; {} slots, labels {})", config.name(), config.server(),
                lease.leaseSeconds(), capacity.slots(), config.labels());
        try {
            agent.renewed(sent, lease);
            agent.beatEvery(Duration.ofSeconds(lease.leaseSeconds()).dividedBy(4));
            agent.engine = AgentEngine.start(config, head.agentChannel(config.name()), dataDir);
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    public String name() {
        return config.name();
    }

    /** The agent's data directory: its bundles, job directories, lease and container notes. */
    static Path dataDir() {
        return BerthHome.path().resolve("agent-data");
    }

    /** At a fixed rate: a beat that waited its whole timeout does not push the next one later. */
    private void beatEvery(Duration interval) {
        long millis = Math.max(interval.toMillis(), 100);
        beatTimeout = Duration.ofMillis(millis);
        beats.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            beatOnce(beatTimeout);
            if (failing) {
                LOG.info("agent {}: the head at {} answers again", config.name(), config.server());
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("agent {}: heartbeat to {} failed (trying again): {}", config.name(), config.server(),
                        e.getMessage());
                failing = true;
            }
            keepWatchRunningOrSay(); // the head away, the agent's containers still need their watch
        }
    }

    private void beatOnce(Duration timeout) {
        long sent = System.nanoTime();
        renewed(sent, head.beat(config.name(), report, timeout));
    }

    /**
     * The head took a beat sent at {@code sentNanos} and answered with its lease: should the agent go away, its
     * containers may run on for the rest of three quarters of that lease from then, which the watch is told (and
     * started, if none runs).
     */
    private synchronized void renewed(long sentNanos, AgentLease answer) {
        Duration lease = Duration.ofSeconds(answer.leaseSeconds());
        Duration sinceSent = Duration.ofNanos(System.nanoTime() - sentNanos);
        new LeaseFile(config.name(), ProcessHandle.current().pid(), lease, ++beatsTaken,
                LeaseFile.fenceAfter(lease).minus(sinceSent), System.currentTimeMillis()).write(dataDir);
        keepWatchRunningOrSay();
    }

    private synchronized void keepWatchRunningOrSay() {
        try {
            keepWatchRunning();
            watchFailing = false;
        } catch (IOException | RuntimeException e) {
            if (!watchFailing) {
                LOG.warn("agent {}: cannot start its lease watch (trying again): {}", config.name(), e.getMessage());
                watchFailing = true;
            }
        }
    }

    /** Starts a {@link LeaseWatch} unless one serves the data directory: in a JVM of its own, so it outlives this one. */
    private void keepWatchRunning() throws IOException {
        if ((watch != null && watch.isAlive()) || LeaseWatch.running(dataDir)) {
            return;
        }
        if (watch != null && System.nanoTime() - watchStartedNanos < WATCH_RESTART.toNanos()) {
            return; // it failed (its lines in this log say why): not started again at every beat
        }
        if (watch != null) {
            LOG.warn("agent {}: its lease watch ended (exit {}); starting it again", config.name(), watch.exitValue());
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // its own session: a Ctrl-C or hang-up that ends the agent leaves it
        }
        command.addAll(List.of(java, "-Xmx48m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LeaseWatch.class.getName(), dataDir.toString()));
        if (config.dockerHost() != null) {
            command.add(config.dockerHost());
        }
        watchStartedNanos = System.nanoTime();
        watch = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT) // the agent's log
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    /** The head's refusal of a first heartbeat, told as the agent's operator needs it. */
    private static BerthApiException refusal(AgentConfig config, BerthApiException e) {
        String fix = "; put the secret 'berth server token create --agent " + config.name() + "' printed on the head"
                + " in a file, and name it with token_file: in " + AgentConfigLoader.FILE_NAME + " or --token-file";
        if (e.status() == 403) { // a user's token, or another agent's
            return new UnauthorizedException(config.server(), true, new ApiError("agent_token", "the head at "
                    + config.server() + " refuses the token in " + config.tokenFile() + ": " + e.getMessage() + fix));
        }
        if (e instanceof UnauthorizedException denied) {
            return new UnauthorizedException(denied.url(), denied.tokenSent(), new ApiError("unauthorized", "the head"
                    + " at " + config.server() + (denied.tokenSent() ? " refuses the agent's token (in "
                    + config.tokenFile() + "): it is wrong, revoked or expired" : " asks for a token and the agent has"
                    + " none") + fix));
        }
        return e;
    }

    /**
     * Stops taking work and beating. Its jobs' containers run on: one last beat gives a restart most of a lease to take
     * them up; after that the watch stops them.
     */
    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        beats.shutdownNow();
        try {
            beatOnce(LAST_BEAT_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debug("agent {}: its last beat did not reach the head: {}", config.name(), e.getMessage());
        }
        if (lock != null) {
            lock.close(); // from now on the watch counts the agent gone
        }
    }
}
