package io.berth.daemon;

import static org.awaitility.Awaitility.await;

import io.berth.daemon.docker.DockerClients;
import org.awaitility.core.ConditionTimeoutException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Docker engine of the test's own: its own dockerd, configuration, data root, socket, containerd namespaces
 * (its own containerd too, unless the machine runs a system one it then shares) and network namespace, with a
 * bridge inside it. A test may stop, kill and restart it, with or without live-restore, without touching the
 * machine's engine or the containers of any other test. It needs root, dockerd, nsenter and iproute2; images
 * are copied in from the machine's engine. The Berth under test, in the host's network namespace, reaches it
 * through its socket, a file.
 *
 * <p>It runs in a network namespace of its own because a dockerd in the host's can delete the host's
 * {@code docker0} (one started with {@code --bridge=none} does), cutting the machine's engine off the network
 * (../shared/docs/ENVIRONMENT.md); in its own it makes and deletes only its own bridge.
 */
final class PrivateDockerEngine implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    /** Its bridge, alone in its network namespace: any name and subnet will do. */
    private static final String BRIDGE = "berth0";
    private static final String BRIDGE_ADDRESS = "10.199.0.1/24";

    private final Path dir;
    private final Path socket;
    /** Its network namespace's name, and its containerd namespace's. */
    private final String name = "berth-" + Long.toHexString(System.nanoTime() & 0xffffffL);
    private Process dockerd;
    private boolean liveRestore;

    private PrivateDockerEngine(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("docker.sock");
    }

    /** Whether this machine can run one: root, with dockerd, the docker CLI, ip and nsenter on the PATH. */
    static boolean canRun() {
        return "root".equals(System.getProperty("user.name")) && onPath("dockerd") && onPath("docker")
                && onPath("ip") && onPath("nsenter");
    }

    /** Starts an engine keeping everything under a directory of its own, and copies {@code images} into it. */
    static PrivateDockerEngine start(String... images) throws Exception {
        PrivateDockerEngine engine = new PrivateDockerEngine(Files.createTempDirectory("berth-engine"));
        try {
            run("ip netns add " + engine.name);
            engine.addBridge();
            engine.start(false);
            for (String image : images) {
                engine.copyIn(image);
            }
        } catch (Exception e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    URI host() {
        return URI.create("unix://" + socket);
    }

    /** Starts dockerd and waits until it answers. */
    void start(boolean withLiveRestore) throws IOException {
        liveRestore = withLiveRestore;
        // a configuration of its own: the machine's /etc/docker/daemon.json may set live-restore, or a bridge
        Path config = Files.writeString(dir.resolve("daemon.json"), "{}");
        // nsenter rather than "ip netns exec", which mounts a sysfs of the namespace over /sys and so hides
        // /sys/fs/cgroup: dockerd then fails with "Devices cgroup isn't mounted". nsenter execs dockerd itself.
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + name, "dockerd",
                "--config-file", config.toString(),
                "--containerd-namespace", name, "--containerd-plugins-namespace", name + "-plugins",
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "-H", host().toString(),
                "--bridge=" + BRIDGE, "--iptables=false", "--ip-masq=false", "--ip-forward=false"));
        if (withLiveRestore) {
            command.add("--live-restore");
        }
        dockerd = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
                .start();
        try (DockerClients docker = DockerClients.connect(host(), Duration.ofSeconds(5))) {
            await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        docker.call(c -> c.pingCmd().exec());
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the test's dockerd did not answer within " + READY_WITHIN.toSeconds()
                    + " s; its log:\n" + log(), e);
        }
    }

    /** Stops dockerd as a service manager would (SIGTERM) and waits for it to exit. */
    void stop() throws InterruptedException {
        if (dockerd == null || !dockerd.isAlive()) {
            return;
        }
        dockerd.destroy();
        if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
            dockerd.destroyForcibly().waitFor();
        }
    }

    /**
     * Kills dockerd (SIGKILL), as the OOM killer or a crash would, and waits for it and its containerd to die;
     * the containerd-shims keep the containers running until dockerd starts again and deals with them.
     */
    void kill() throws Exception {
        if (dockerd == null || !dockerd.isAlive()) {
            return;
        }
        Path containerdPid = dir.resolve("exec/containerd/containerd.pid");
        String containerd = Files.exists(containerdPid) ? Files.readString(containerdPid).trim() : null;
        dockerd.destroyForcibly().waitFor();
        // its containerd dies with it (a parent-death signal), but not at once: a dockerd started meanwhile finds
        // it alive by its pid file, waits for it, and gives up ("timeout waiting for containerd to start")
        if (containerd != null) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(Path.of("/proc", containerd)));
        }
    }

    /** Stops it, and starts it again with or without live-restore. */
    void restart(boolean withLiveRestore) throws Exception {
        stop();
        start(withLiveRestore);
    }

    /** Deletes its bridge under the running engine, as the host's docker0 went in the issue: starts then fail. */
    void removeBridge() throws Exception {
        run("ip -n " + name + " link del " + BRIDGE);
    }

    /** Makes its bridge (again), with the same address: the engine starts containers again without a restart. */
    void addBridge() throws Exception {
        String ip = "ip -n " + name + " ";
        run(ip + "link add " + BRIDGE + " type bridge && " + ip + "addr add " + BRIDGE_ADDRESS + " dev " + BRIDGE
                + " && " + ip + "link set " + BRIDGE + " up");
    }

    /** Whether it was last started with live-restore. */
    boolean liveRestore() {
        return liveRestore;
    }

    /** The engine's log, for a failing test's message. */
    String log() throws IOException {
        Path log = dir.resolve("dockerd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void copyIn(String image) throws Exception {
        run("docker save " + image + " | docker -H " + host() + " load");
    }

    /**
     * Removes its containers, stops it, and leaves nothing of it running, mounted, on disk or in the network;
     * each step is tried even if one before it failed.
     */
    @Override
    public void close() throws Exception {
        List<Step> steps = List.of(this::removeContainers, this::stop, this::killLeftovers, this::unmountAndDelete,
                () -> run("ip netns del " + name + " 2>/dev/null || true"));
        Exception first = null;
        for (Step step : steps) {
            try {
                step.run();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Removes its containers; if it was killed and not started since, starts it first: its shims still run the
     * containers, and only a start (without live-restore) stops them and cleans up after them.
     */
    private void removeContainers() throws Exception {
        if (dockerd == null) {
            return;
        }
        if (!dockerd.isAlive() && !leftovers().isEmpty()) {
            start(false);
        }
        if (dockerd.isAlive()) {
            run("docker -H " + host() + " ps -aq | xargs -r docker -H " + host() + " rm -f >/dev/null");
        }
    }

    /** Its processes still running once it stopped (none, unless removing its containers failed): shims, containerd. */
    private List<ProcessHandle> leftovers() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(dir + "/")).toList();
    }

    /** Kills what {@link #leftovers} finds, each with what runs under it: a shim's container. */
    private void killLeftovers() {
        for (ProcessHandle process : leftovers()) {
            System.err.println("killing what the test's engine left running: " + process.info().commandLine().orElse(""));
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** dockerd bind-mounts its data root on itself; what it leaves mounted must go before the files can. */
    private void unmountAndDelete() throws Exception {
        List<String> mounts;
        try (Stream<String> lines = Files.lines(Path.of("/proc/mounts"))) {
            mounts = lines.map(line -> line.split(" ")[1]).filter(path -> path.startsWith(dir.toString()))
                    .sorted(Comparator.reverseOrder()).toList();
        }
        for (String mount : mounts) {
            run("umount -l " + mount);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void run(String shell) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", shell).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(shell + " failed: " + output);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
