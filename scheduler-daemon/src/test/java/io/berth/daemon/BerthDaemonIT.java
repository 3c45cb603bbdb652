package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.wire.ApiError;
import io.berth.wire.ConfiguredJob;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.ReadJobConfigRequest;
import io.berth.wire.SubmitJobRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server over its HTTP API, with its embedded Redis and the real Docker engine. */
class BerthDaemonIT {
    @TempDir
    static Path home;

    private static TestDaemon daemon;
    private static TestApi api;

    @BeforeAll
    static void start() {
        daemon = new TestDaemon(home);
        api = daemon.api;
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void clientsOfAnyLanguageGetJobConfigYamlReadAsTheCliReadsIt() throws Exception {
        HttpResponse<String> read = readJobConfig(new ReadJobConfigRequest("/home/ada/p/job.config.yaml",
                "num_gpus: 0\nworker:\n  command: main.py --epochs 3\n", "my project"));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        ConfiguredJob job = TestApi.JSON.readValue(read.body(), ConfiguredJob.class);
        assertThat(job.project()).isEqualTo("my-project");
        assertThat(job.command()).containsExactly("main.py", "--epochs", "3");

        HttpResponse<String> none = readJobConfig(new ReadJobConfigRequest(null, null, "p"));
        assertThat(TestApi.JSON.readValue(none.body(), ConfiguredJob.class).command()).isEmpty();

        HttpResponse<String> refused = readJobConfig(new ReadJobConfigRequest("/home/ada/p/job.config.yaml",
                "project_name: p\nnum_gpu: 1\n", "p"));
        assertThat(refused.statusCode()).isEqualTo(400);
        ApiError error = TestApi.JSON.readValue(refused.body(), ApiError.class);
        assertThat(error.code()).isEqualTo("bad_request");
        assertThat(error.message()).startsWith("/home/ada/p/job.config.yaml:2: unknown key 'num_gpu'")
                .contains("did you mean num_gpus?");

        HttpResponse<String> noPath = readJobConfig(new ReadJobConfigRequest("job\0.yaml", "num_gpus: 0\n", "p"));
        assertThat(noPath.statusCode()).as(noPath.body()).isEqualTo(400);
    }

    private static HttpResponse<String> readJobConfig(ReadJobConfigRequest request) throws Exception {
        return api.send(api.request("/job-config").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(request))));
    }

    @Test
    void aPythonJobRunsWithItsParamsAndEnvAndEndsCompletedWithLogsAndArchive() throws Exception {
        String digest = api.upload(Map.of("main.py", """
                import json, os, sys
                print("params", json.load(open(os.environ["BERTH_PARAMETERS_FILE"])))
                print("args", sys.argv[1:])
                print("job", os.environ["BERTH_JOB_ID"], os.environ["GREETING"])
                """));
        JobView job = api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py", "--epochs", "3"),
                Map.of("lr", 0.1), new JobSpec(null, null, null, Map.of("GREETING", "hi"), null, null)));

        String followed = api.logs(job.id().substring(0, 12), true);
        assertThat(followed).contains("params {'lr': 0.1}", "args ['--epochs', '3']", "job " + job.id() + " hi");

        JobView done = api.job(job.id());
        assertThat(done.state()).isEqualTo("completed");
        assertThat(done.exitCode()).isZero();
        HttpResponse<String> archive = api.send(api.request("/jobs/" + job.id() + "/archive"));
        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.headers().firstValue("Content-Type")).contains("application/gzip");
    }

    @Test
    void errorsAreJsonNamingWhatIsWrong() throws Exception {
        HttpResponse<String> unknown = api.send(api.request("/jobs/zzzzzzzzzz"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(TestApi.JSON.readValue(unknown.body(), ApiError.class).code()).isEqualTo("job_not_found");

        HttpResponse<String> traversal = api.send(api.request("/jobs/..%2Fetc"));
        assertThat(traversal.statusCode()).isIn(400, 404);

        HttpResponse<String> noBundle = api.submit(new SubmitJobRequest("a".repeat(64), "demo", List.of("x"), null, null));
        assertThat(noBundle.statusCode()).isEqualTo(400);
        assertThat(TestApi.JSON.readValue(noBundle.body(), ApiError.class).message()).contains("bundle");

        HttpResponse<String> badJson = api.send(api.request("/jobs")
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\": 5, \"nope\": 1}")));
        assertThat(badJson.statusCode()).isEqualTo(400);

        byte[] bundle = io.berth.daemon.storage.TestBundles.tarGz(Map.of("a", "b"));
        HttpResponse<String> mismatch = api.send(api.request("/bundles/" + "b".repeat(64))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bundle)));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(api.send(api.request("/bundles/" + "b".repeat(64))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
    }

    @Test
    void aRunningJobCanBeStopped() throws Exception {
        String digest = api.upload(Map.of("sleep.py", "import time\nprint('sleeping', flush=True)\ntime.sleep(600)\n"));
        JobView job = api.submitted(new SubmitJobRequest(digest, "demo", List.of("sleep.py"), null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.job(job.id()).state().equals("running"));
        HttpResponse<String> stop = api.send(api.request("/jobs/" + job.id() + "/stop")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(stop.statusCode()).isEqualTo(202);
        // python ignores nothing here: under docker-init SIGTERM ends it well before the 2 s SIGKILL
        await().atMost(Duration.ofSeconds(10)).until(() -> api.job(job.id()).finished());
        assertThat(api.job(job.id()).state()).isEqualTo("stopped");
    }
}
