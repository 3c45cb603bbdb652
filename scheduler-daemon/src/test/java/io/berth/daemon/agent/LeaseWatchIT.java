package io.berth.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.exception.NotFoundException;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.docker.DockerClients;
import io.berth.daemon.docker.DockerContainerRuntime;
import io.berth.daemon.storage.ServerId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LeaseWatch} against the real engine, with a {@code sleep} process standing in for the agent: which
 * containers it stops, not before the lease says, and when it ends.
 */
class LeaseWatchIT {
    private static final String IMAGE = "berth-worker:latest";
    private static final Duration LEASE = Duration.ofSeconds(4);

    @TempDir
    Path dataDir;

    private DockerClients docker;
    private DockerContainerRuntime engine;
    private String serverId;
    private final List<String> containers = new ArrayList<>();
    private final List<Process> agents = new ArrayList<>();
    private final List<Thread> watches = new ArrayList<>();

    @BeforeEach
    void connect() {
        docker = DockerClients.fromEnvironment();
        try {
            docker.call(c -> c.pingCmd().exec());
        } catch (RuntimeException e) {
            fail("no Docker engine answers at " + docker.host() + " (set DOCKER_HOST or start dockerd): " + e);
        }
        serverId = ServerId.of(dataDir);
        engine = new DockerContainerRuntime(docker, Duration.ofSeconds(20), serverId);
    }

    @AfterEach
    void removeContainersAndAgents() throws InterruptedException {
        for (Thread watch : watches) {
            watch.interrupt();
            watch.join(5_000);
        }
        for (String id : containers) {
            try {
                docker.call(c -> c.removeContainerCmd(id).withForce(true).exec());
            } catch (NotFoundException removedByTheTest) {
                // gone already
            }
        }
        agents.forEach(Process::destroyForcibly);
        docker.close();
    }

    @Test
    void onceTheAgentHasGoneItsJobsContainersStopAtTheLeasesEndAndTheWatchEnds() throws Exception {
        String job = aRunningContainer(serverId, "job-1", false);
        String anotherServers = aRunningContainer("0123456789abcdef", "job-2", false);
        String install = aRunningContainer(serverId, "job-3", true);
        Process agent = anAgent();
        beat(agent, 1);
        CompletableFuture<Void> watching = watch();

        Thread.sleep(LEASE.toMillis() + 500);
        assertThat(running(job)).as("while the agent runs, its containers are its own to mind").isTrue();

        long lastBeat = System.nanoTime();
        beat(agent, 2);
        Thread.sleep(300); // the watch reads it
        agent.destroyForcibly().waitFor();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> !running(job));
        assertThat(Duration.ofNanos(System.nanoTime() - lastBeat))
                .as("not before three quarters of the lease after the last beat: a restart may take it up till then")
                .isGreaterThan(LeaseFile.fenceAfter(LEASE).minusMillis(100));

        watching.get(10, TimeUnit.SECONDS);
        assertThat(running(anotherServers)).as("another server's container is not this agent's").isTrue();
        assertThat(running(install)).as("a dependency install runs no job code").isTrue();
        assertThat(new LeaseAwareRuntime(engine, new LeaseStops(dataDir)).awaitExit(job).leaseLost())
                .as("the agent, back, tells this stop from the job's own exit").contains("agent a-1 went away");
    }

    @Test
    void aContainerThatEndedByItselfAsTheWatchCameIsTheJobsOwnEnd() {
        String job = aRunningContainer(serverId, "job-1", false, "true");
        LeaseStops stops = new LeaseStops(dataDir);
        stops.mark(job, "agent a-1 went away");
        LeaseAwareRuntime agentsEngine = new LeaseAwareRuntime(engine, stops);
        assertThat(agentsEngine.awaitExit(job).leaseLost()).as("exit 0: it completed").isNull();

        agentsEngine.remove(job);
        assertThat(stops.reason(job)).as("the note goes with the container").isEmpty();
    }

    @Test
    void anAgentStartedAgainInTimeKeepsTheContainersRunning() throws Exception {
        String job = aRunningContainer(serverId, "job-1", false);
        Process first = anAgent();
        beat(first, 1);
        CompletableFuture<Void> watching = watch();
        first.destroyForcibly().waitFor();

        Thread.sleep(LeaseFile.fenceAfter(LEASE).toMillis() / 2);
        Process second = anAgent();
        beat(second, 1);
        Thread.sleep(LEASE.toMillis() + 500);
        assertThat(running(job)).isTrue();
        assertThat(watching).as("the watch serves the agent started again").isNotDone();
    }

    @Test
    void aWatchWhoseEngineWentWithItsAgentGivesUpAfterTenLeases() throws Exception {
        Duration lease = Duration.ofMillis(400);
        Process agent = anAgent();
        new LeaseFile("a-1", agent.pid(), lease, 1, LeaseFile.fenceAfter(lease), System.currentTimeMillis())
                .write(dataDir);
        agent.destroyForcibly().waitFor();
        try (DockerClients gone = DockerClients.connect(URI.create("unix://" + dataDir.resolve("no-engine.sock")),
                Duration.ofSeconds(2))) {
            CompletableFuture<Void> watching = watch(new DockerContainerRuntime(gone, Duration.ofSeconds(2), serverId));
            Thread.sleep(2_000);
            assertThat(watching).as("the engine may be restarting: tried again for a while").isNotDone();
            watching.get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWatchWithNothingToGuardEndsAtOnce() throws Exception {
        Process agent = anAgent();
        beat(agent, 1);
        agent.destroyForcibly().waitFor();
        watch().get(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<Void> watch() {
        return watch(engine);
    }

    /** Runs a watch on a thread of its own, interrupted after the test; done when the watch ends. */
    private CompletableFuture<Void> watch(DockerContainerRuntime engine) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread watch = new Thread(() -> {
            try {
                new LeaseWatch(dataDir, engine).watch();
                ended.complete(null);
            } catch (InterruptedException e) {
                ended.completeExceptionally(e);
            }
        }, "lease-watch");
        watches.add(watch);
        watch.start();
        return ended;
    }

    /**
     * A process standing in for the agent: it holds the agent's lock (a POSIX record lock, as the JVM's file locks
     * are), which is all the watch asks of it.
     */
    private Process anAgent() throws Exception {
        Process agent = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
                + "lock = open(sys.argv[1], 'a')\nfcntl.lockf(lock, fcntl.LOCK_EX)\nprint('locked', flush=True)\n"
                + "time.sleep(600)", dataDir.resolve(AgentLock.FILE_NAME).toString()).start();
        agents.add(agent);
        assertThat(new String(agent.getInputStream().readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("locked\n");
        return agent;
    }

    /** What the agent writes when the head took its beat. */
    private void beat(Process agent, long beat) {
        new LeaseFile("a-1", agent.pid(), LEASE, beat, LeaseFile.fenceAfter(LEASE), System.currentTimeMillis())
                .write(dataDir);
    }

    private String aRunningContainer(String owner, String jobId, boolean dependencyInstall) {
        return aRunningContainer(owner, jobId, dependencyInstall, "sleep", "300");
    }

    private String aRunningContainer(String owner, String jobId, boolean dependencyInstall, String... command) {
        Map<String, String> labels = dependencyInstall
                ? Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.SERVER, owner, ContainerLabels.ROLE,
                        ContainerLabels.DEPENDENCY_BUILD, ContainerLabels.INSTALL_FOR, jobId)
                : Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.SERVER, owner, ContainerLabels.JOB_ID, jobId,
                        ContainerLabels.ATTEMPT, "1");
        String id = docker.call(c -> c.createContainerCmd(IMAGE).withCmd(command).withLabels(labels).exec())
                .getId();
        containers.add(id);
        docker.call(c -> {
            c.startContainerCmd(id).exec();
            return null;
        });
        return id;
    }

    private boolean running(String containerId) {
        return Boolean.TRUE.equals(docker.call(c -> c.inspectContainerCmd(containerId).exec().getState().getRunning()));
    }
}
