package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import io.berth.daemon.core.ContainerGoneException;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerRuntimeException;
import io.berth.daemon.core.ContainerSpec;
import io.berth.daemon.core.ContainerStartException;
import io.berth.daemon.core.ExitStatus;
import io.berth.daemon.core.ImageNotFoundException;
import io.berth.daemon.core.ManagedContainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerContainerRuntime} against the real engine; fails, never skips, if it or the image is missing. */
class DockerContainerRuntimeIT {
    static final String IMAGE = "berth-worker:latest";
    private static final String IT_LABEL = "berth.it";
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static final long MIB = 1024L * 1024;

    private static DockerClients docker;
    private static DockerContainerRuntime runtime;

    @BeforeAll
    static void requireEngineAndImage() {
        docker = DockerClients.fromEnvironment();
        try {
            docker.call(c -> c.pingCmd().exec());
        } catch (RuntimeException e) {
            fail("no Docker engine answers at " + docker.host() + " (set DOCKER_HOST or start dockerd): " + e);
        }
        runtime = new DockerContainerRuntime(docker, Duration.ofSeconds(20), null);
        if (!runtime.imageExists(IMAGE)) {
            fail("image " + IMAGE + " is not on the engine at " + docker.host() + "; build berth-worker first");
        }
        removeContainers(itContainers(null).stream()
                .filter(c -> c.getCreated() < Instant.now().minus(Duration.ofHours(1)).getEpochSecond())
                .toList());
    }

    @AfterEach
    void removeThisRunsContainers() {
        removeContainers(itContainers(RUN_ID));
    }

    @AfterAll
    static void closeClients() {
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void copiesStdoutAndStderrAndReportsTheExitCode() {
        Run run = run(container("hello").runningShell("echo hello; echo err >&2; exit 3").build());

        assertThat(run.logs()).contains("hello\n", "err\n");
        assertThat(run.exit().exitCode()).isEqualTo(3);
        assertThat(run.exit().oomKilled()).isFalse();
    }

    @Test
    void anExitCarriesTheTimeTheContainerEndedNotWhenItWasAwaited() throws Exception {
        String id = runtime.start(container("ended-earlier").runningShell("exit 0").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> "exited".equals(
                docker.call(c -> c.inspectContainerCmd(id).exec().getState().getStatus())));
        Thread.sleep(1500);
        Instant awaited = Instant.now();

        ExitStatus exit = runtime.awaitExit(id);

        assertThat(exit.finishedAt()).isNotNull().isBefore(awaited.minusSeconds(1));
    }

    @Test
    void passesEnvironmentWorkingDirAndBindMounts(@TempDir Path rw, @TempDir Path ro) throws Exception {
        Files.writeString(ro.resolve("in.txt"), "from the host\n");
        ContainerSpec spec = container("mounts")
                .withEnv("GREETING", "hello from env")
                .withVolume(rw, "/data/rw", false)
                .withVolume(ro, "/data/ro", true)
                .in("/data/rw")
                .runningShell("echo \"$GREETING\" > out.txt; cat /data/ro/in.txt; "
                        + "if echo x > /data/ro/y.txt; then exit 0; else exit 7; fi")
                .build();

        Run run = run(spec);

        assertThat(Files.readString(rw.resolve("out.txt"))).isEqualTo("hello from env\n");
        assertThat(run.logs()).contains("from the host", "Read-only file system");
        assertThat(run.exit().exitCode()).as("writing to the read-only mount fails").isEqualTo(7);
        assertThat(ro.resolve("y.txt")).doesNotExist();
    }

    @Test
    void keepsEveryLineOfOutputUpToTheExit() {
        Run run = run(container("5000-lines").running("seq", "-f", "line-%g", "1", "5000").build());

        assertThat(run.logs().lines().toList())
                .isEqualTo(IntStream.rangeClosed(1, 5000).mapToObj(i -> "line-" + i).toList());
        assertThat(run.exit().exitCode()).isZero();
    }

    @Test
    void aSinkThatFailsEndsTheCopyWithItsError() {
        String id = runtime.start(container("bad-sink").runningShell("echo one; sleep 1; echo two").build());
        OutputStream fullDisk = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("no space left on device");
            }
        };

        assertThatThrownBy(() -> runtime.followLogs(id, fullDisk))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining(id)
                .hasMessageContaining("no space left on device");
    }

    @Test
    void aBurstOfOutputJustBeforeExitIsNeverCutOff() {
        // the engine may end a log follow before its driver has written a quickly exiting container's tail
        for (int run = 0; run < 5; run++) {
            Run result = run(container("burst-" + run).running("sh", "-c", "seq 1 20000").build());
            assertThat(result.logs().lines().count()).as("run " + run).isEqualTo(20000);
            assertThat(result.logs()).endsWith("20000\n");
        }
    }

    @Test
    void aMissingImageIsReportedByNameAndLeavesNoContainer() {
        String missing = "berth-no-such-image:404";
        assertThat(runtime.imageExists(missing)).isFalse();

        assertThatThrownBy(() -> runtime.start(container("no-image").fromImage(missing).running("true").build()))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining(missing)
                .as("why the pull failed too (here: no registry, or no such repository)")
                .hasMessageContaining("pulling it failed: ");
        assertThat(itContainers(RUN_ID)).isEmpty();
    }

    @Test
    void aMountTheEngineRefusesIsTheJobsFaultAndLeavesNoContainer(@TempDir Path host) {
        ContainerSpec spec = container("bad-mount").withVolume(host, "relative/path", false).build();

        assertThatThrownBy(() -> runtime.start(spec))
                .isInstanceOf(ContainerStartException.class)
                .hasMessageContaining(spec.name())
                .hasMessageContaining("relative/path");
        assertThat(itContainers(RUN_ID)).isEmpty();
    }

    @Test
    void aVolumeWhoseHostPathIsMissingIsTheJobsFaultAndIsNotCreated(@TempDir Path host) {
        Path missing = host.resolve("nonexistent");
        ContainerSpec spec = container("missing-source").withVolume(missing, "/data", true).build();

        assertThatThrownBy(() -> runtime.start(spec))
                .isInstanceOf(ContainerStartException.class)
                .hasMessageContaining(spec.name())
                .hasMessageContaining(missing.toString());
        assertThat(missing).as("not made up, empty and root's, by the engine").doesNotExist();
        assertThat(itContainers(RUN_ID)).isEmpty();
    }

    /** This machine has no NVIDIA runtime: a GPU job's start is the job's fault, said with what to install. */
    @Test
    void aGpuJobOnAnEngineWithoutTheNvidiaRuntimeIsTheJobsFaultWithAHint() {
        ContainerSpec spec = container("no-nvidia").withGpus(List.of("0")).running("true").build();

        assertThatThrownBy(() -> runtime.start(spec))
                .isInstanceOf(ContainerStartException.class)
                .hasMessageContaining("could not select device driver \"nvidia\"")
                .hasMessageContaining("nvidia-container-toolkit")
                .hasMessageContaining("nvidia-ctk runtime configure --runtime=docker");
        assertThat(itContainers(RUN_ID)).isEmpty();
    }

    @Test
    void aBadEntrypointEndsWith127AndItsLogSaysWhy() {
        // Under docker-init the engine starts init, which then fails to exec the entrypoint.
        Run run = run(container("bad-entrypoint").withEntrypoint("/no/such/binary").build());

        assertThat(run.exit().exitCode()).isEqualTo(127);
        assertThat(run.logs()).contains("/no/such/binary");
    }

    @Test
    void stopKillsAContainerThatIgnoresSigtermOnceTheGraceIsOver() {
        String id = runtime.start(container("ignores-term")
                .runningShell("trap 'echo term ignored' TERM; echo ready; while :; do sleep 1; done").build());
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        CompletableFuture<Void> following = CompletableFuture.runAsync(() -> runtime.followLogs(id, logs));
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.toString(StandardCharsets.UTF_8).contains("ready"));

        long began = System.nanoTime();
        runtime.stop(id, Duration.ofSeconds(2));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(2 + 5));
        assertThat(runtime.awaitExit(id).exitCode()).isEqualTo(137);
        following.join();
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("term ignored");
    }

    @Test
    void aContainerKilledAtItsMemoryLimitIsReportedOutOfMemory() {
        ExitStatus exit = run(container("oom")
                .withMemory(64 * MIB)
                .running("python3", "-c", "x = bytearray(400 * 1024 * 1024)")
                .build()).exit();

        assertThat(exit.oomKilled()).isTrue();
        assertThat(exit.exitCode()).isEqualTo(137);
    }

    /**
     * No GPUs here, so the container is created but not started: the engine must hold the device request
     * for exactly the allocated ids, by id (not a count), with the NVIDIA driver and the gpu capability.
     */
    @Test
    void theEngineGetsTheGpuDeviceRequestByIdAndTheLimits() {
        ContainerSpec spec = container("gpus").withGpus(List.of("1", "3")).withCpus(1.5).withPidsLimit(99)
                .running("true").build();
        String id = docker.call(c -> ContainerSpecMapper.apply(spec, c.createContainerCmd(spec.image()), List.of()).exec().getId());
        try {
            HostConfig host = docker.call(c -> c.inspectContainerCmd(id).exec()).getHostConfig();
            assertThat(host.getDeviceRequests()).hasSize(1);
            DeviceRequest gpus = host.getDeviceRequests().get(0);
            assertThat(gpus.getDriver()).isEqualTo("nvidia");
            assertThat(gpus.getDeviceIds()).containsExactly("1", "3");
            assertThat(gpus.getCount()).isIn(null, 0);
            assertThat(gpus.getCapabilities()).containsExactly(List.of("gpu"));
            assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
            assertThat(host.getPidsLimit()).isEqualTo(99L);
        } finally {
            runtime.remove(id);
        }
    }

    @Test
    void labelledContainersAreListedAsManagedRunningOrNot() {
        String jobId = "it-job-" + RUN_ID;
        String id = runtime.start(container("labelled")
                .withLabel(ContainerLabels.JOB_ID, jobId)
                .withLabel(ContainerLabels.ATTEMPT, "2")
                .running("sleep", "600")
                .build());

        assertThat(docker.call(c -> c.inspectContainerCmd(id).exec()).getConfig().getLabels())
                .containsEntry(ContainerLabels.MANAGED, "true")
                .containsEntry(ContainerLabels.JOB_ID, jobId)
                .containsEntry(ContainerLabels.ATTEMPT, "2");
        assertThat(runtime.listManaged()).contains(new ManagedContainer(id, jobId, 2, true, true));

        runtime.stop(id, Duration.ZERO);
        assertThat(runtime.listManaged()).contains(new ManagedContainer(id, jobId, 2, false, true));
    }

    /** Two servers on one engine: neither may take up or remove the other's containers. */
    @Test
    void aServersRuntimeListsItsOwnContainersAndThoseNoServerClaimsButNotAnotherServers() {
        DockerContainerRuntime serverA = new DockerContainerRuntime(docker, Duration.ofSeconds(20), "a-" + RUN_ID);
        DockerContainerRuntime serverB = new DockerContainerRuntime(docker, Duration.ofSeconds(20), "b-" + RUN_ID);
        String ofA = serverA.start(container("of-a").withLabel(ContainerLabels.JOB_ID, "job-a").running("sleep", "600").build());
        String ofB = serverB.start(container("of-b").withLabel(ContainerLabels.JOB_ID, "job-b").running("sleep", "600").build());
        String unclaimed = runtime.start(container("unclaimed").withLabel(ContainerLabels.JOB_ID, "job-c")
                .running("sleep", "600").build());

        assertThat(docker.call(c -> c.inspectContainerCmd(ofA).exec()).getConfig().getLabels())
                .containsEntry(ContainerLabels.SERVER, "a-" + RUN_ID);
        assertThat(serverA.listManaged()).extracting(ManagedContainer::containerId).contains(ofA, unclaimed)
                .doesNotContain(ofB);
        assertThat(serverB.listManaged()).extracting(ManagedContainer::containerId).contains(ofB, unclaimed)
                .doesNotContain(ofA);
        assertThat(runtime.listManaged()).as("a runtime of no server sees them all")
                .extracting(ManagedContainer::containerId).contains(ofA, ofB, unclaimed);
    }

    @Test
    void aDependencyInstallIsListedForItsJobApartFromTheJobsOwnContainers() {
        String jobId = "it-deps-" + RUN_ID;
        String id = runtime.start(container("install")
                .withLabel(ContainerLabels.ROLE, ContainerLabels.DEPENDENCY_BUILD)
                .withLabel(ContainerLabels.INSTALL_FOR, jobId)
                .withLabel(ContainerLabels.ATTEMPT, "3")
                .running("sleep", "600")
                .build());

        assertThat(runtime.listManaged()).contains(new ManagedContainer(id, jobId, 3, true, true, true));
    }

    @Test
    void theEngineAnswersAndAnAddressWithNoEngineDoesNot() {
        assertThat(runtime.engineAnswers()).isTrue();
        for (String nowhere : List.of("unix:///tmp/berth-it-no-engine-" + RUN_ID + ".sock", "tcp://127.0.0.1:1")) {
            try (DockerClients none = DockerClients.connect(URI.create(nowhere), Duration.ofSeconds(1))) {
                assertThat(new DockerContainerRuntime(none).engineAnswers()).as(nowhere).isFalse();
            }
        }
    }

    /** As systemd's socket activation holds docker.sock while the engine behind it stops: it connects, nobody answers. */
    @Test
    void aSocketThatTakesConnectionsWithNoEngineServingThemDoesNotAnswer(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("held.sock");
        try (ServerSocketChannel held = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             DockerClients behind = DockerClients.connect(URI.create("unix://" + socket), Duration.ofSeconds(1))) {
            held.bind(UnixDomainSocketAddress.of(socket));
            long started = System.nanoTime();
            assertThat(new DockerContainerRuntime(behind).engineAnswers()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(DockerClients.PROBE_TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    void waitingAndFollowingOutlastTheCallTimeout() {
        try (DockerClients impatient = DockerClients.connect(docker.host(), Duration.ofSeconds(1))) {
            DockerContainerRuntime withShortCalls = new DockerContainerRuntime(impatient);
            String id = withShortCalls.start(container("quiet").runningShell("sleep 3; echo done").build());
            ByteArrayOutputStream logs = new ByteArrayOutputStream();

            withShortCalls.followLogs(id, logs);

            assertThat(logs.toString(StandardCharsets.UTF_8)).isEqualTo("done\n");
            assertThat(withShortCalls.awaitExit(id).exitCode()).isZero();
        }
    }

    @Test
    void aContainerAlreadyGoneCannotBeAwaitedButStopsAndRemovesQuietly() {
        String id = runtime.start(container("gone").running("true").build());
        runtime.awaitExit(id);
        runtime.remove(id);

        assertThatThrownBy(() -> runtime.awaitExit(id))
                .isInstanceOf(ContainerGoneException.class)
                .hasMessageContaining(id);
        runtime.stop(id, Duration.ofSeconds(1));
        runtime.remove(id);
    }

    /** A retried start removes its earlier try by name and then makes one of that name: both removals must be done. */
    @Test
    void aRemovalReturnsOnlyOnceTheContainerIsGoneThoughAnotherWasUnderWay(@TempDir Path signals) throws Exception {
        for (int round = 0; round < 3; round++) {
            Path filled = signals.resolve("filled-" + round);
            // a container with a layer to delete takes a moment to remove, time for the second removal to clash
            String id = runtime.start(container("removed-twice-" + round)
                    .withVolume(signals, "/signals", false)
                    .runningShell("dd if=/dev/zero of=/filler bs=1M count=100 2>/dev/null; "
                            + "touch /signals/" + filled.getFileName() + "; sleep 60")
                    .build());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(filled));
            List<String> returnedEarly = new CopyOnWriteArrayList<>();
            Runnable removeAndLook = () -> {
                runtime.remove(id);
                if (existsNow(id)) {
                    returnedEarly.add(Thread.currentThread().getName());
                }
            };
            Thread other = new Thread(removeAndLook, "other-remover");
            other.start();
            removeAndLook.run();
            other.join();

            assertThat(returnedEarly).as("removers that returned while the container was still there").isEmpty();
        }
    }

    private static boolean existsNow(String id) {
        try {
            docker.call(c -> c.inspectContainerCmd(id).exec());
            return true;
        } catch (NotFoundException gone) {
            return false;
        }
    }

    private static TestContainerSpecs container(String what) {
        return TestContainerSpecs.aContainer("berth-it-" + RUN_ID + "-" + what).withLabel(IT_LABEL, RUN_ID);
    }

    private static Run run(ContainerSpec spec) {
        String id = runtime.start(spec);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        runtime.followLogs(id, logs);
        return new Run(logs.toString(StandardCharsets.UTF_8), runtime.awaitExit(id));
    }

    /** This test run's containers, or with a null run id every test run's. */
    private static List<Container> itContainers(String runId) {
        return docker.call(c -> c.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(runId == null ? List.of(IT_LABEL) : List.of(IT_LABEL + "=" + runId))
                .exec());
    }

    private static void removeContainers(List<Container> containers) {
        containers.forEach(c -> runtime.remove(c.getId()));
    }

    private record Run(String logs, ExitStatus exit) {}
}
