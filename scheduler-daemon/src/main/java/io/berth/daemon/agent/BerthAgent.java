package io.berth.daemon.agent;

import io.berth.config.AgentConfig;
import io.berth.config.AgentConfigLoader;
import io.berth.config.ConfigException;
import io.berth.daemon.core.admission.Capacity;
import io.berth.daemon.host.HostCapacity;
import io.berth.sdk.BerthApiException;
import io.berth.sdk.BerthClient;
import io.berth.sdk.BerthException;
import io.berth.sdk.UnauthorizedException;
import io.berth.wire.ApiError;
import io.berth.wire.AgentLease;
import io.berth.wire.AgentReport;
import io.berth.wire.ServerStatus;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: joins its head with a first heartbeat (which must succeed, so that a wrong URL, token or name
 * is told at start), then beats at a third of the lease the head answers with, so that two lost beats in a row
 * still leave it alive. A failed beat is logged and tried again at the next; the head counts the agent lost only
 * when its lease runs out. Meanwhile it runs the jobs the head gives it ({@link AgentEngine}).
 */
public final class BerthAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BerthAgent.class);
    /** Docker's own default, where neither agent.yaml nor DOCKER_HOST names an engine. */
    private static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

    private final AgentConfig config;
    private final BerthClient head;
    private final AgentReport report;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean failing;
    private AgentEngine engine;
    /** How long one beat may wait for the head: the interval, so that a stuck call costs one beat, not the lease. */
    private volatile Duration beatTimeout = Duration.ofSeconds(10);

    private BerthAgent(AgentConfig config, BerthClient head, AgentReport report) {
        this.config = config;
        this.head = head;
        this.report = report;
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
        BerthAgent agent = new BerthAgent(config, head, report);
        AgentLease lease;
        try {
            lease = head.beat(config.name(), report);
        } catch (BerthApiException e) {
            throw refusal(config, e);
        }
        LOG.info("agent {} joined {} (lease {} s; {} slots, labels {})", config.name(), config.server(),
                lease.leaseSeconds(), capacity.slots(), config.labels());
        agent.beatEvery(Duration.ofSeconds(lease.leaseSeconds()).dividedBy(3));
        try {
            agent.engine = AgentEngine.start(config, head.agentChannel(config.name()));
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    public String name() {
        return config.name();
    }

    private void beatEvery(Duration interval) {
        long millis = Math.max(interval.toMillis(), 100);
        beatTimeout = Duration.ofMillis(millis);
        beats.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            head.beat(config.name(), report, beatTimeout);
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
        }
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

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        beats.shutdownNow();
    }
}
