package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.berth.config.ServerConfig;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.docker.DockerClients;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.QueueEntryView;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitJobRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker engine restarting, killed or losing its bridge under Berth, on an engine of the test's own in a
 * network namespace of its own (see {@link PrivateDockerEngine}). Without live-restore the engine stops the
 * running containers (after a kill, when it starts again): the job runs again and that attempt does not count
 * against its max_attempts. With live-restore the containers run on and are followed to their end with their
 * whole log. A job submitted while the engine is down waits for it, its attempts unspent. Prints, per
 * scenario, the jobs misclassified, the attempts used by the engine's fault and the seconds from the engine
 * working again until the jobs were going again.
 */
@EnabledIf("io.berth.daemon.PrivateDockerEngine#canRun")
class EngineRestartIT {
    private static final List<String> REPORT = new ArrayList<>();
    private static PrivateDockerEngine engine;
    private static DockerClients docker;

    @TempDir
    Path home;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = PrivateDockerEngine.start(ServerConfig.DEFAULT_IMAGE);
        docker = DockerClients.connect(engine.host(), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopEngine() throws Exception {
        System.out.println("Docker engine faults (misclassified and containers left must be 0):");
        REPORT.forEach(line -> System.out.println("  " + line));
        if (docker != null) {
            docker.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private BerthDaemon server() {
        return BerthDaemon.start(TestApi.config(home, null, engine.host()), "test");
    }

    private static String submit(TestApi api, String script) throws Exception {
        return submit(api, script, null);
    }

    /** With {@code spec} null, the server's defaults (3 attempts). */
    private static String submit(TestApi api, String script, JobSpec spec) throws Exception {
        String digest = api.upload(Map.of("main.py", script));
        return api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, spec)).id();
    }

    /** The job once it has ended and its containers are removed (or 10 s later). */
    private static JobView ended(TestApi api, String id) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> api.job(id).finished());
        await().atMost(Duration.ofSeconds(10)).until(() -> containersOf(id).isEmpty());
        return api.job(id);
    }

    /**
     * Adds the scenario's line to the report: jobs misclassified (not completed, though only the engine failed
     * them), attempts used by the engine's fault (each job completes on its first attempt but for it), seconds
     * from the engine working again until the jobs were going again, and containers left behind.
     */
    private static void report(String scenario, List<JobView> jobs, double recovered, String note) {
        long misclassified = jobs.stream().filter(job -> !"completed".equals(job.state())).count();
        int attemptsUsed = jobs.stream().mapToInt(job -> job.attempt() - job.attemptsLostToEngine() - 1).sum();
        long leftBehind = jobs.stream().mapToLong(job -> containersOf(job.id()).size()).sum();
        REPORT.add(String.format("%-40s misclassified %d, attempts used by the engine's fault %d, recovered in"
                + " %4.1f s, containers left %d%s", scenario, misclassified, attemptsUsed, recovered, leftBehind,
                note.isEmpty() ? "" : " (" + note + ")"));
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static long count(String text, String line) {
        return text.lines().filter(line::equals).count();
    }

    private Path logPath(String id, int attempt) {
        return home.resolve("data/jobs/" + id + "/logs/attempt-" + attempt + ".log");
    }

    private String attemptLog(String id, int attempt) throws Exception {
        return Files.readString(logPath(id, attempt));
    }

    @Test
    void withoutLiveRestoreAnAttemptTheEngineStoppedRunsAgainWithoutUsingAnAttempt() throws Exception {
        aRunningJobIsLostAndRunsAgainAfter("engine restarted without live-restore", () -> engine.restart(false));
    }

    /**
     * dockerd killed (SIGKILL, as the OOM killer or a crash would) under a running job, then started again 2 s
     * later, as docker.service restarts it: the containerd-shim keeps the container running meanwhile, and the
     * engine's start (without live-restore) stops it. The attempt is lost to the engine, not the job's failure, and
     * not counted.
     */
    @Test
    void anAttemptRunningWhenTheEngineWasKilledRunsAgainWithoutUsingAnAttempt() throws Exception {
        aRunningJobIsLostAndRunsAgainAfter("engine killed, started again after 2 s", () -> {
            engine.kill();
            Thread.sleep(2_000);
            engine.start(false);
        });
    }

    private void aRunningJobIsLostAndRunsAgainAfter(String scenario, EngineFault fault) throws Exception {
        engine.restart(false);
        try (BerthDaemon server = server()) {
            TestApi api = new TestApi(server.port());
            // one attempt allowed: the engine's end of it must not use it up
            String id = submit(api, """
                    import os, time
                    print('attempt', os.environ['BERTH_ATTEMPT'], flush=True)
                    if os.environ['BERTH_ATTEMPT'] == '1':
                        time.sleep(300)
                    """, JobSpec.defaults().withRequests(JobRequests.none().withMaxAttempts(1)));
            await().atMost(Duration.ofSeconds(60)).until(() -> api.logs(id, false).contains("attempt 1"));

            fault.strike();
            long back = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).until(() -> api.job(id).finished());
            double recovered = secondsSince(back);
            JobView job = ended(api, id);
            String logs = attemptLog(id, 1) + (Files.exists(logPath(id, 2)) ? attemptLog(id, 2) : "");
            report(scenario, List.of(job), recovered, "ran twice " + (count(logs, "attempt 2") - 1));

            assertThat(job.state()).as(engine.log()).isEqualTo("completed");
            assertThat(job.attempt()).isEqualTo(2);
            assertThat(job.attemptsLostToEngine()).isEqualTo(1);
            assertThat(attemptLog(id, 1)).contains("attempt 1\n").contains("attempt 1 ended: the Docker engine"
                    + " stopped while it ran").contains("this attempt not counted");
            assertThat(attemptLog(id, 2)).isEqualTo("attempt 2\n");
            assertThat(containersOf(id)).isEmpty();
        }
    }

    /** What a test does to the engine. */
    private interface EngineFault {
        void strike() throws Exception;
    }

    @Test
    void withLiveRestoreARunningJobIsFollowedAcrossTheRestartWithItsWholeLog() throws Exception {
        engine.restart(true);
        try (BerthDaemon server = server()) {
            TestApi api = new TestApi(server.port());
            String id = submit(api, """
                    import time
                    for i in range(1, 21):
                        print('line', i, flush=True)
                        time.sleep(0.5)
                    """);
            await().atMost(Duration.ofSeconds(60)).until(() -> api.logs(id, false).contains("line 2"));

            engine.restart(true);
            long back = System.nanoTime();
            int logged = api.logs(id, false).length();
            assertThat(containersOf(id)).as("the container outlived the engine's restart")
                    .extracting(Container::getState).containsExactly("running");
            await().atMost(Duration.ofSeconds(60)).until(() -> api.logs(id, false).length() > logged);
            double recovered = secondsSince(back);
            JobView job = ended(api, id);
            report("engine restarted with live-restore", List.of(job), recovered, "followed again");

            assertThat(job.state()).as(engine.log()).isEqualTo("completed");
            assertThat(job.attempt()).as("not run twice").isEqualTo(1);
            String expected = IntStream.rangeClosed(1, 20).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
            assertThat(api.logs(id, false)).as("each line once, none lost").isEqualTo(expected);
            assertThat(containersOf(id)).isEmpty();
        }
    }

    @Test
    void aJobSubmittedWhileTheEngineIsDownWaitsForItWithItsAttemptsUnspent() throws Exception {
        engine.stop();
        try (BerthDaemon server = server()) {
            TestApi api = new TestApi(server.port());
            String id = submit(api, "print('ran')\n");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> "queued".equals(api.job(id).state()));
            assertThat(api.job(id).attempt()).isZero();
            ServerStatus status = TestApi.JSON.readValue(api.send(api.request("/status")).body(), ServerStatus.class);
            assertThat(status.docker()).isEqualTo(new ServerStatus.Engine(engine.host().toString(), false));

            engine.start(false);
            long back = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).until(() -> api.job(id).finished());
            double recovered = secondsSince(back);
            JobView job = ended(api, id);
            report("engine down when a job was submitted", List.of(job), recovered, "job ended");

            assertThat(job.state()).isEqualTo("completed");
            assertThat(job.attempt()).isEqualTo(1);
            assertThat(api.logs(id, false)).isEqualTo("ran\n");
            assertThat(containersOf(id)).isEmpty();
        }
    }

    @Test
    void aJobAfterTheEngineRestartedRunsOnItsFirstAttemptOnNewConnections() throws Exception {
        engine.restart(false);
        try (BerthDaemon server = server()) {
            TestApi api = new TestApi(server.port());
            assertThat(ended(api, submit(api, "print('before')\n")).state()).isEqualTo("completed");

            engine.restart(false); // between two looks: the server's pooled connections are the old engine's
            long back = System.nanoTime();
            String id = submit(api, "print('after')\n");
            await().atMost(Duration.ofSeconds(90)).until(() -> api.job(id).finished());
            double recovered = secondsSince(back);
            JobView job = ended(api, id);
            report("engine restarted, then a job submitted", List.of(job), recovered, "job ended");

            assertThat(job.state()).as(job.reason()).isEqualTo("completed");
            assertThat(job.attempt()).isEqualTo(1);
            assertThat(api.logs(id, false)).as("no Broken pipe, no wait").isEqualTo("after\n");
        }
    }

    /**
     * The engine's bridge deleted under it (the missing docker0): every start fails, for the engine's
     * reason. Queued jobs wait with their attempts unused, the queue says why and when the next try is, and they
     * run once the bridge is back.
     */
    @Test
    void jobsQueuedWhileTheEnginesBridgeIsMissingWaitUnspentAndRunOnceItIsBack() throws Exception {
        engine.restart(false);
        try (BerthDaemon server = server()) {
            TestApi api = new TestApi(server.port());
            engine.removeBridge();
            List<String> ids = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    ids.add(submit(api, "print('ran')\n"));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> queueReasons(api).stream().anyMatch(reason ->
                        reason.startsWith("the Docker engine failed to start a container (its network bridge is"
                                + " missing); next try in ")));
                Thread.sleep(8_000); // long enough for the back-off to grow past its first waits
                for (String id : ids) {
                    JobView waiting = api.job(id);
                    assertThat(waiting.state()).isEqualTo("queued");
                    assertThat(waiting.attempt()).as("no attempt used").isZero();
                }
            } finally {
                engine.addBridge();
            }
            long back = System.nanoTime();
            await().atMost(Duration.ofSeconds(150)).until(() -> allFinished(api, ids));
            double recovered = secondsSince(back);
            List<JobView> jobs = new ArrayList<>();
            int tries = 0;
            for (String id : ids) {
                JobView job = ended(api, id);
                jobs.add(job);
                assertThat(job.state()).as(job.reason()).isEqualTo("completed");
                assertThat(api.logs(id, false)).as("each failed try says why it waits, then the job's output")
                        .endsWith("ran\n");
                assertThat(job.attempt()).as("no attempt used").isEqualTo(1);
                tries += (int) attemptLog(id, 1).lines().filter(line -> line.contains("no attempt used")).count();
            }
            report("bridge missing for about 10 s, 3 jobs", jobs, recovered, tries + " failed tries, all 3 ended");
            assertThat(recovered).as("the back-off is at most 2 minutes").isLessThan(130);
        }
    }

    private static List<String> queueReasons(TestApi api) throws Exception {
        String body = api.send(api.request("/queue")).body();
        assertThat(body).as("GET /queue").startsWith("[");
        List<QueueEntryView> entries = TestApi.JSON.readValue(body, new TypeReference<List<QueueEntryView>>() {});
        return entries.stream().map(QueueEntryView::reason).toList();
    }

    private static boolean allFinished(TestApi api, List<String> ids) throws Exception {
        for (String id : ids) {
            if (!api.job(id).finished()) {
                return false;
            }
        }
        return true;
    }

    private static List<Container> containersOf(String jobId) {
        return docker.call(c -> c.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.JOB_ID, jobId)).exec());
    }
}
