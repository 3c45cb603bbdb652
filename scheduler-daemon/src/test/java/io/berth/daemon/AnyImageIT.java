package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.daemon.docker.DockerClients;
import io.berth.wire.JobDetails;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs run in images that know nothing of Berth (a plain python3 image, one with its own entrypoint, user and
 * PYTHONPATH, one without Python): the server's helpers and entrypoint come with every container.
 */
class AnyImageIT {
    /** What every test job reports, through Atlas's module and Berth's alike. */
    private static final String REPORTS = """
            import os, foundations, berth
            params = foundations.load_parameters()
            foundations.log_metric("score", params["lr"] * 10)
            foundations.log_param("optimizer", "adam")
            berth.set_tag("image", os.environ["BERTH_IMAGE"])
            open("weights.bin", "w").write("w" * 10)
            foundations.save_artifact("weights.bin", "model")
            """;

    @TempDir
    static Path home;
    @TempDir
    static Path contexts;

    private static TestDaemon daemon;
    private static TestApi api;
    private static DockerClients docker;
    private static TestImages images;
    /** The worker image's base: a Debian or Docker Hub python3 image with no Berth file in it. */
    private static String plainPython;

    @BeforeAll
    static void start() {
        daemon = new TestDaemon(home);
        api = daemon.api;
        docker = DockerClients.fromEnvironment();
        images = new TestImages(docker, contexts);
        plainPython = images.plainPython();
        assertThat(plainPython).as("berth-worker:latest's berth.worker.base label").isNotBlank();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (images != null) {
            images.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void aBareScriptInAPlainPythonImageRunsAndEverythingItReportsArrives() throws Exception {
        JobView done = run(plainPython, null, "main.py", Map.of("main.py", REPORTS + """
                import sys
                print("helpers from", berth.__file__, "in", sys.executable)
                """));

        assertThat(done.state()).as(api.logs(done.id(), false)).isEqualTo("completed");
        assertThat(api.logs(done.id(), false)).contains("helpers from /opt/berth/helpers/python/berth/");
        assertReported(done, plainPython);
    }

    @Test
    void anImagesOwnEntrypointUserAndPythonpathDoNotGetInTheWay() throws Exception {
        String image = images.build("own", """
                FROM %s
                COPY mylib /opt/mylib
                ENV PYTHONPATH=/opt/mylib
                USER 4321:4321
                ENTRYPOINT ["/bin/false"]
                """.formatted(plainPython), Map.of("mylib/mylib.py", "ANSWER = 42\n"));

        JobView done = run(image, null, "main.py", Map.of("main.py", REPORTS + """
                import mylib
                print("uid", os.getuid(), "answer", mylib.ANSWER)
                """));

        assertThat(done.state()).as(api.logs(done.id(), false)).isEqualTo("completed");
        assertThat(api.logs(done.id(), false)).contains("uid 4321 answer 42");
        assertReported(done, image);
    }

    @Test
    void anEntrypointTheJobNamesStillWinsAndItsPythonStillFindsTheHelpers() throws Exception {
        JobView done = run(plainPython, List.of("python3", "-c", """
                import sys, foundations
                foundations.log_metric("argv", len(sys.argv))
                print("own entrypoint", sys.argv[1:])
                """), "x.py", Map.of("x.py", "raise SystemExit('the helpers entrypoint ran instead')\n"));

        assertThat(done.state()).as(api.logs(done.id(), false)).isEqualTo("completed");
        assertThat(api.logs(done.id(), false)).contains("own entrypoint ['x.py']");
        assertThat(done.metrics()).containsEntry("argv", 2);
    }

    @Test
    void anImageWithoutPythonFailsAtOnceSayingWhichImageLacksWhat() throws Exception {
        String image = images.build("nopython", """
                FROM %s
                RUN rm -f /usr/bin/python3* /usr/local/bin/python3* /usr/bin/python /usr/local/bin/python
                """.formatted(plainPython), Map.of());

        JobView done = run(image, null, "main.py", Map.of("main.py", REPORTS));

        assertThat(done.state()).isEqualTo("failed");
        assertThat(done.exitCode()).isEqualTo(127);
        assertThat(api.logs(done.id(), false))
                .contains("berth: image " + image + " has no python3 (nor python) on its PATH")
                .contains("cannot run main.py")
                .doesNotContain("tini");
        assertThat(Duration.between(done.startedAt(), done.finishedAt())).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anImageWithoutAShellFailsSayingWhichImageLacksItAndWhatToDo() throws Exception {
        String image = images.build("nosh", """
                FROM %s
                RUN rm -f /bin/sh /usr/bin/sh
                """.formatted(plainPython), Map.of());

        JobView done = run(image, null, "main.py", Map.of("main.py", REPORTS));
        assertThat(done.state()).isEqualTo("failed");
        assertThat(api.logs(done.id(), false)).contains("berth: image " + image + " has no /bin/sh")
                .contains("worker.entrypoint");

        JobView own = run(image, List.of("python3", "-u"), "main.py", Map.of("main.py", REPORTS));
        assertThat(own.state()).as(api.logs(own.id(), false)).isEqualTo("completed");
    }

    @Test
    void theHelpersCannotBeChangedByAJob() throws Exception {
        JobView done = run(plainPython, null, "main.py", Map.of("main.py", """
                import berth, os
                try:
                    open(os.path.join(os.path.dirname(berth.__file__), "__init__.py"), "a").write("# mine")
                    print("changed the helpers")
                except OSError as e:
                    print("refused:", e.strerror)
                """));

        assertThat(api.logs(done.id(), false)).contains("refused: Read-only file system")
                .doesNotContain("changed the helpers");
    }

    @Test
    void atlasWorkerImageFailsWithAHintToDropIt() throws Exception {
        JobView done = run("us.gcr.io/dessa-atlas/worker:latest", null, "main.py", Map.of("main.py", REPORTS));

        assertThat(done.state()).isEqualTo("failed");
        assertThat(done.reason()).startsWith("image not found: us.gcr.io/dessa-atlas/worker:latest")
                .contains("Atlas's worker image").contains("remove worker.image from job.config.yaml");
    }

    private static void assertReported(JobView done, String image) throws Exception {
        assertThat(done.metrics()).containsEntry("score", 1.0);
        assertThat(done.tags()).containsEntry("image", image);
        JobDetails details = TestApi.JSON.readValue(api.send(api.request("/jobs/" + done.id() + "/details")).body(),
                JobDetails.class);
        assertThat(details.loggedParams()).containsEntry("optimizer", "adam");
        assertThat(details.artifacts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("model");
            assertThat(a.bytes()).isEqualTo(10);
        });
    }

    private static JobView run(String image, List<String> entrypoint, String script, Map<String, String> files)
            throws Exception {
        String digest = api.upload(files);
        JobSpec spec = new JobSpec(image, entrypoint, null, Map.of(), List.of(), null);
        JobView job = api.submitted(new SubmitJobRequest(digest, "any-image", List.of(script), Map.of("lr", 0.1), spec));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.job(job.id()).finished());
        return api.job(job.id());
    }
}
