package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.docker.DockerClients;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs running when the server stops: their containers run on, and the next server on the same home
 * takes them up: it follows one still running, finishes one that ended meanwhile, and runs again one
 * whose container vanished. Nothing is lost, nothing left {@code running}, no output written twice.
 */
class DaemonRestartIT {
    private static DockerClients docker;

    @TempDir
    Path home;

    @BeforeAll
    static void connect() {
        docker = DockerClients.fromEnvironment();
    }

    @AfterAll
    static void disconnect() throws Exception {
        docker.close();
    }

    /** The job as the second server ended it, its log, and when that server was started. */
    private record Ended(JobView job, String log, Instant restartedAt) {}

    /** Starts a job, stops the server while it runs, does {@code meanwhile}, starts a server again. */
    private Ended acrossARestart(String script, Consumer<String> meanwhile) throws Exception {
        String id;
        try (BerthDaemon first = BerthDaemon.start(TestApi.config(home, null), "test")) {
            TestApi api = new TestApi(first.port());
            String digest = api.upload(Map.of("main.py", script));
            id = api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, null)).id();
            await().atMost(Duration.ofSeconds(60)).until(() -> api.logs(id, false).contains("before the restart"));
        }
        assertThat(containersOf(id)).as("the container outlives the server").hasSize(1);
        assertThat(containersOf(id).get(0).getLabels()).as("marked as this server's, which alone takes it up")
                .containsEntry(ContainerLabels.SERVER, Files.readString(home.resolve("data/server-id")).strip());
        meanwhile.accept(id);
        Instant restartedAt = Instant.now();
        try (BerthDaemon second = BerthDaemon.start(TestApi.config(home, null), "test")) {
            TestApi api = new TestApi(second.port());
            await().atMost(Duration.ofSeconds(60)).until(() -> api.job(id).finished());
            Ended ended = new Ended(api.job(id), api.logs(id, false), restartedAt);
            await().atMost(Duration.ofSeconds(10)).until(() -> containersOf(id).isEmpty());
            return ended;
        }
    }

    @Test
    void aJobStillRunningIsFollowedToItsEndWithItsWholeLog() throws Exception {
        Ended ended = acrossARestart("""
                import time
                print('before the restart', flush=True)
                time.sleep(4)
                print('after the restart', flush=True)
                """, id -> { });
        assertThat(ended.job().state()).isEqualTo("completed");
        assertThat(ended.job().attempt()).isEqualTo(1);
        assertThat(ended.log()).isEqualTo("before the restart\nafter the restart\n");
    }

    @Test
    void aJobThatEndedWhileNoServerRanIsFinishedWithItsExitCodeAndOutput() throws Exception {
        Ended ended = acrossARestart("""
                import sys, time
                print('before the restart', flush=True)
                time.sleep(1)
                print('while no server ran', flush=True)
                sys.exit(3)
                """, id -> {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> containersOf(id).stream().noneMatch(c -> "running".equals(c.getState())));
                    sleep(Duration.ofSeconds(3)); // no server for a while after the container ended
                });
        assertThat(ended.job().state()).isEqualTo("failed");
        assertThat(ended.job().exitCode()).isEqualTo(3);
        assertThat(ended.log()).isEqualTo("before the restart\nwhile no server ran\n");
        assertThat(ended.job().finishedAt()).as("when its container exited, not when a server found it")
                .isBefore(ended.restartedAt().minusSeconds(2))
                .isAfterOrEqualTo(ended.job().startedAt());
    }

    @Test
    void aJobWhoseContainerVanishedWhileNoServerRanRunsAgain() throws Exception {
        Ended ended = acrossARestart("""
                import os, time
                print('before the restart', flush=True)
                if os.environ['BERTH_ATTEMPT'] == '1':
                    time.sleep(120)
                print('attempt', os.environ['BERTH_ATTEMPT'])
                """, id -> containersOf(id).forEach(c ->
                docker.call(d -> d.removeContainerCmd(c.getId()).withForce(true).exec())));
        assertThat(ended.job().state()).isEqualTo("completed");
        assertThat(ended.job().attempt()).isEqualTo(2);
        assertThat(ended.log()).contains("attempt 2");
        assertThat(home.resolve("data/jobs/" + ended.job().id() + "/logs/attempt-1.log")).content()
                .contains("its container was gone when the server restarted");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Container> containersOf(String jobId) {
        return docker.call(c -> c.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.JOB_ID, jobId)).exec());
    }
}
