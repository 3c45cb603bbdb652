package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.docker.DockerClients;
import io.berth.sdk.Berth;
import io.berth.sdk.BerthClient;
import io.berth.sdk.BerthException;
import io.berth.sdk.JobRequest;
import io.berth.wire.JobView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breaks things on purpose, with the server as a real process killed by SIGKILL, real containers and a
 * real Redis, and prints for each scenario what was lost, run twice or left behind. Every figure must be 0.
 */
class ReliabilityIT {
    private static final List<String> REPORT = new CopyOnWriteArrayList<>();
    private static DockerClients docker;

    @TempDir
    Path root;

    private Path home;
    private Path project;
    private Path runs;
    private int port;
    private Process server;

    @BeforeAll
    static void connect() {
        docker = DockerClients.fromEnvironment();
    }

    @AfterAll
    static void report() throws Exception {
        System.out.println("Reliability (every figure must be 0):");
        REPORT.forEach(line -> System.out.println("  " + line));
        docker.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(root.resolve("home"));
        runs = Files.createDirectories(root.resolve("runs"));
        runs.toFile().setWritable(true, false);
        port = freePort();
        Files.writeString(home.resolve("server.yaml"), """
                port: %d
                embedded_redis_port: %d
                redis_appendfsync: always
                slots: 2
                stop_grace_period: 2s
                key_prefix: reliability
                """.formatted(port, freePort()));
        project = Files.createDirectories(root.resolve("project"));
        // each run of a job leaves one line in runs/<job id>: more than one line is a job run twice
        Files.writeString(project.resolve("main.py"), """
                import os, sys, time
                with open('/runs/' + os.environ['BERTH_JOB_ID'], 'a') as f:
                    f.write('attempt %s\\n' % os.environ['BERTH_ATTEMPT'])
                time.sleep(float(sys.argv[1]))
                print('done')
                """);
        Files.writeString(project.resolve("job.config.yaml"), """
                project_name: reliability
                worker:
                  volumes:
                    %s: {bind: /runs, mode: rw}
                """.formatted(runs));
    }

    @AfterEach
    void tearDown(org.junit.jupiter.api.TestInfo test) throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor();
        }
        // the servers' own log, for when a figure is not 0
        Files.copy(home.resolve("server.out"), Path.of(System.getProperty("java.io.tmpdir"),
                "berth-reliability-" + test.getTestMethod().map(m -> m.getName()).orElse("test") + ".log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (Container c : containers()) {
            docker.call(d -> d.removeContainerCmd(c.getId()).withForce(true).exec());
        }
    }

    @Test
    void serverKilledWhileJobsRun() throws Exception {
        startServer();
        Berth berth = Berth.connect(URI.create("http://127.0.0.1:" + port), null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(berth.submit(job("3")).id());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> berth.client().status().running() == 2);

        killServer();
        Thread.sleep(1000);
        startServer();

        List<JobView> ended = awaitFinished(berth.client(), ids);
        record("server killed (SIGKILL) while 2 of 5 jobs ran", ended, ids.size());
    }

    @Test
    void serverKilledWhileJobsAreSubmitted() throws Exception {
        startServer();
        Berth berth = Berth.connect(URI.create("http://127.0.0.1:" + port), null);
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        Thread submitter = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                try {
                    acknowledged.add(berth.submit(job("0")).id());
                } catch (BerthException e) {
                    refused.incrementAndGet(); // an error the client can retry; not a lost job
                }
            }
        });
        submitter.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 5);
        killServer();
        startServer(); // within the SDK's retries of an idempotent submit
        submitter.join();

        List<JobView> queued = berth.client().jobs().stream().filter(j -> j.project().equals("reliability")).toList();
        long lost = acknowledged.stream().filter(id -> queued.stream().noneMatch(j -> j.id().equals(id))).count();
        long unacknowledged = queued.size() - acknowledged.size();
        List<JobView> ended = awaitFinished(berth.client(), queued.stream().map(JobView::id).toList());
        REPORT.add(String.format("%-52s acknowledged %2d, refused %d: lost %d, queued twice %d", "server killed"
                + " (SIGKILL) during 20 submissions", acknowledged.size(), refused.get(), lost, unacknowledged));
        assertThat(lost).as("acknowledged jobs lost").isZero();
        assertThat(unacknowledged).as("jobs queued without the client being told (a retry would duplicate them)")
                .isLessThanOrEqualTo(refused.get());
        assertThat(acknowledged.size() + refused.get()).isEqualTo(20);
        record("  ... and the jobs of those submissions", ended, queued.size());
    }

    @Test
    void aJobsContainerKilledFromOutside() throws Exception {
        startServer();
        Berth berth = Berth.connect(URI.create("http://127.0.0.1:" + port), null);
        String id = berth.submit(job("60")).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> !containersOf(id).isEmpty()
                && berth.client().job(id).state().equals("running"));
        Instant killed = Instant.now();
        containersOf(id).forEach(c -> docker.call(d -> d.killContainerCmd(c.getId()).exec()));

        List<JobView> ended = awaitFinished(berth.client(), List.of(id));
        Duration noticed = Duration.between(killed, ended.get(0).finishedAt());
        REPORT.add(String.format("%-52s ended %s (%s) after %d ms", "a job's container killed (docker kill)",
                ended.get(0).state(), ended.get(0).reason(), noticed.toMillis()));
        assertThat(ended.get(0).state()).isEqualTo("failed");
        assertThat(ended.get(0).exitCode()).isEqualTo(137);
        assertThat(noticed).isLessThan(Duration.ofSeconds(5));
        record("  ... left behind", ended, 1);
    }

    private JobRequest job(String seconds) {
        return JobRequest.builder(project).command("main.py", seconds).build();
    }

    /** Checks and reports: every job ended as expected, ran once, and left nothing behind. */
    private void record(String scenario, List<JobView> ended, int expected) throws IOException {
        long lost = expected - ended.size();
        long stuck = ended.stream().filter(j -> !j.finished()).count();
        long ranTwice = 0;
        for (JobView job : ended) {
            Path file = runs.resolve(job.id());
            if (Files.exists(file) && Files.readAllLines(file).size() > 1) {
                ranTwice++;
            }
        }
        long containersLeft = ended.stream().mapToLong(j -> containersOf(j.id()).size()).sum();
        long dirsLeft;
        try (Stream<Path> dirs = Files.list(home.resolve("data/jobs"))) {
            dirsLeft = dirs.filter(d -> Files.isDirectory(d.resolve("job"))).count();
        }
        long partialUploads;
        try (Stream<Path> parts = Files.list(home.resolve("data/bundles/incoming"))) {
            partialUploads = parts.count();
        }
        REPORT.add(String.format("%-52s lost %d, stuck %d, ran twice %d, left behind %d containers, %d job dirs,"
                + " %d partial uploads", scenario, lost, stuck, ranTwice, containersLeft, dirsLeft, partialUploads));
        assertThat(List.of(lost, stuck, ranTwice, containersLeft, dirsLeft, partialUploads)).as(scenario)
                .containsOnly(0L);
    }

    private List<JobView> awaitFinished(BerthClient client, List<String> ids) {
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() ->
                client.jobs().stream().filter(j -> ids.contains(j.id())).filter(JobView::finished).count() == ids.size());
        // containers are removed just after a job's end is recorded
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> containersOf(id).isEmpty()));
        return client.jobs().stream().filter(j -> ids.contains(j.id())).toList();
    }

    private void startServer() throws Exception {
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.berth.cli.Berth",
                "server", "start", "--foreground")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.out").toFile()));
        command.environment().put("BERTH_HOME", home.toString());
        server = command.start();
        BerthClient client = new BerthClient(URI.create("http://127.0.0.1:" + port), null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> server.isAlive() && client.status() != null);
    }

    private void killServer() throws InterruptedException {
        server.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
        server.waitFor();
    }

    private static List<Container> containersOf(String jobId) {
        return docker.call(c -> c.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.JOB_ID, jobId)).exec());
    }

    private List<Container> containers() {
        return docker.call(c -> c.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.MANAGED, "true")).exec()).stream()
                .filter(c -> c.getMounts() != null && c.getMounts().stream()
                        .anyMatch(m -> m.getSource() != null && m.getSource().startsWith(root.toString())))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
