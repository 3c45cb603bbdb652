package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static io.berth.cli.TestProject.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.config.BerthHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code worker.constraints} against the labels of the server's own machine ({@code labels} in server.yaml), as a
 * user meets them: a job asking for labels the machine has runs; one asking for labels no machine has waits,
 * saying why; one too large for the only machine with its labels is refused at submit.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConstraintsCliIT {
    private static final String ENV = "labelled";

    @TempDir
    static Path root;

    private static HomeServer server;

    @BeforeAll
    static void startAServerWithLabels() throws Exception {
        server = new HomeServer(root.resolve("server"), "labels:\n  gpu_model: a100\n  zone: b\n", home -> { });
        System.setProperty(BerthHome.PROPERTY, server.home.toString());
        server.writeSubmissionConfig(ENV, "scheduler_url: http://127.0.0.1:" + server.port + "\n");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aJobAskingForLabelsTheMachineHasRunsThere() {
        Path project = aProject("on-a100").withJobConfig("""
                project_name: on-a100
                worker:
                  constraints:
                    gpu_model: a100
                """).writeUnder(root);

        CliRun submit = berth("submit", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        assertThat(submit.out()).contains("hello from on-a100");
    }

    @Test
    void aJobAskingForLabelsNoMachineHasWaitsAndGetQueueSaysWhy() {
        Path project = aProject("on-h100").withJobConfig("""
                project_name: on-h100
                worker:
                  constraints:
                    gpu_model: h100
                """).writeUnder(root);

        CliRun submit = berth("submit", "--no-follow", ENV, project.toString(), "main.py");
        assertThat(submit.exitCode()).as(submit.toString()).isZero();
        String id = submit.queuedJobId();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            CliRun queue = berth("get", "queue", ENV);
            assertThat(queue.out()).contains(id.substring(0, 12)).contains("no agent has gpu_model=h100");
        });
        assertThat(berth("list", ENV).out().lines().filter(line -> line.startsWith(id))).singleElement()
                .asString().contains("queued");
        assertThat(berth("stop", ENV, id).exitCode()).isZero();
    }

    @Test
    void aJobTooLargeForTheOnlyMachineWithItsLabelsIsRefusedAtSubmit() {
        Path project = aProject("too-big").withJobConfig("""
                project_name: too-big
                num_gpus: 64
                worker:
                  constraints:
                    zone: b
                """).writeUnder(root);

        CliRun submit = berth("submit", "--no-follow", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).isNotZero();
        assertThat(submit.err()).contains("could never run").contains("needs 64 GPUs");
    }

    @Test
    void aBadConstraintIsRefusedNamingTheFileAndKey() {
        Path project = aProject("bad-label").withJobConfig("""
                project_name: bad-label
                worker:
                  constraints:
                    "gpu model": a100
                """).writeUnder(root);

        CliRun submit = berth("submit", "--no-follow", ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).isNotZero();
        assertThat(submit.err()).contains("job.config.yaml").contains("constraints").contains("'gpu model'");
    }
}
