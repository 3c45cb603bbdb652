package io.berth.daemon.agent;

import io.berth.daemon.core.ContainerRuntime;
import io.berth.daemon.core.ManagedContainer;
import io.berth.daemon.docker.DockerClients;
import io.berth.daemon.docker.DockerContainerRuntime;
import io.berth.daemon.storage.ServerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's dead man's switch, a process of its own beside the agent: once the agent's process has gone (killed,
 * or stopped and not started again), it stops the agent's job containers at three quarters of the lease after the
 * last heartbeat the head took ({@link LeaseFile}). The head gives those jobs to the queue again when the lease runs
 * out; stopped here first, none of them runs on two machines at once. An agent started again within that time takes
 * its containers up as before; one started later finds them stopped and tells the head so ({@link LeaseStops}).
 * While the agent runs, the watch does nothing: an agent cut off from its head keeps its jobs running, since a head
 * that is down (restarting, say) gives no job away and must find them running when it is back (docs/cluster.md).
 * One watch serves an agent data directory (it holds {@code lease-watch.lock}); it ends when the agent has gone and
 * none of its jobs' containers runs.
 */
public final class LeaseWatch {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseWatch.class);
    static final String LOCK_FILE = "lease-watch.lock";

    private final Path dataDir;
    private final ContainerRuntime engine;
    private final LeaseStops stops;
    private LeaseFile seen;
    /** When the containers must stop unless the agent beats again, by this process's clock. */
    private long deadlineNanos;
    /** Since when the engine has not answered, by this process's clock; 0 while it answers. */
    private long engineAwaySince;

    LeaseWatch(Path dataDir, ContainerRuntime engine) {
        this.dataDir = dataDir;
        this.engine = engine;
        this.stops = new LeaseStops(dataDir);
    }

    /**
     * {@code LeaseWatch <agent data dir> [<docker host>]}, started by the agent; without a Docker host, the
     * environment's (as the agent's own engine).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dataDir = Path.of(args[0]);
        try (FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return; // another watch serves this directory
            }
            try (DockerClients docker = args.length > 1 ? DockerClients.connect(URI.create(args[1]),
                    DockerClients.CALL_TIMEOUT) : DockerClients.fromEnvironment()) {
                new LeaseWatch(dataDir, new DockerContainerRuntime(docker, DockerContainerRuntime.DEFAULT_PULL_TIMEOUT,
                        ServerId.of(dataDir))).watch();
            }
        }
    }

    /** Whether a watch holds the directory's lock now (asked by the agent, which starts one if not). */
    static boolean running(Path dataDir) {
        return AgentLock.locked(dataDir.resolve(LOCK_FILE));
    }

    /** Watches until the agent has gone and nothing of it runs. */
    void watch() throws InterruptedException {
        Optional<LeaseFile> first = LeaseFile.read(dataDir);
        if (first.isEmpty()) {
            LOG.warn("lease watch: no agent lease in {}; nothing to watch", dataDir);
            return;
        }
        renewed(first.get());
        LOG.info("lease watch: if agent {} goes away, its job containers stop {} s after its last heartbeat",
                seen.agent(), LeaseFile.fenceAfter(seen.lease()).toSeconds());
        while (true) {
            LeaseFile.read(dataDir).filter(lease -> !lease.equals(seen)).ifPresent(this::renewed);
            if (agentRuns()) {
                engineAwaySince = 0;
            } else {
                boolean lapsed = System.nanoTime() - deadlineNanos > 0;
                try {
                    List<ManagedContainer> running = runningJobContainers();
                    if (lapsed) {
                        running.forEach(this::stop);
                    }
                    if (lapsed || running.isEmpty()) {
                        LOG.info("lease watch: agent {} has gone and none of its jobs runs here; the watch ends",
                                seen.agent());
                        return;
                    }
                    engineAwaySince = 0;
                } catch (RuntimeException e) {
                    if (engineAway(lapsed, e)) {
                        return;
                    }
                }
            }
            Thread.sleep(checkEvery(seen.lease()).toMillis());
        }
    }

    /**
     * The engine did not answer: said once, and tried again, until the agent's jobs have been given away for ten
     * leases with no engine to ask (it went with the machine's other processes, say): then the watch gives up.
     */
    private boolean engineAway(boolean lapsed, RuntimeException e) {
        long now = System.nanoTime();
        if (engineAwaySince == 0) {
            engineAwaySince = now;
            LOG.warn("lease watch: cannot reach the Docker engine (trying again): {}", e.getMessage());
        }
        if (lapsed && now - engineAwaySince > seen.lease().multipliedBy(10).toNanos()) {
            LOG.warn("lease watch: agent {} has gone and its Docker engine has not answered for {} s; the watch ends",
                    seen.agent(), seen.lease().multipliedBy(10).toSeconds());
            return true;
        }
        return false;
    }

    /** Whether the agent runs; yes while its lock cannot be asked about (nothing is stopped on a doubt). */
    private boolean agentRuns() {
        try {
            return AgentLock.held(dataDir);
        } catch (UncheckedIOException e) {
            LOG.warn("lease watch: {}; counting agent {} as running", e.getMessage(), seen.agent());
            return true;
        }
    }

    /** Often enough that a stop lands well inside the quarter of the lease left, and at most each second. */
    static Duration checkEvery(Duration lease) {
        Duration check = lease.dividedBy(40);
        return check.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
                : check.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : check;
    }

    private void renewed(LeaseFile lease) {
        seen = lease;
        engineAwaySince = 0;
        // by this process's clock from now on; the wall clock only says how old the news is
        deadlineNanos = System.nanoTime() + lease.left(System.currentTimeMillis()).toNanos();
    }

    private List<ManagedContainer> runningJobContainers() {
        return engine.listManaged().stream()
                .filter(c -> c.claimed() && c.running() && c.jobId() != null && !c.dependencyInstall())
                .toList();
    }

    private void stop(ManagedContainer container) {
        String why = "agent " + seen.agent() + " went away; its lease watch stopped the container "
                + LeaseFile.fenceAfter(seen.lease()).toSeconds() + " s after its last heartbeat, before the head"
                + " gives its jobs to the queue again (after " + seen.lease().toSeconds() + " s)";
        LOG.warn("lease watch: job {}: stopping container {} (attempt {}): {}", container.jobId(),
                container.containerId(), container.attempt(), why);
        try {
            stops.mark(container.containerId(), why);
        } catch (RuntimeException e) { // the stop matters more than its note
            LOG.warn("lease watch: job {}: cannot note the stop: {}", container.jobId(), e.getMessage());
        }
        engine.stop(container.containerId(), Duration.ZERO);
    }
}
