package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.config.ServerConfig;
import io.berth.daemon.storage.TestBundles;
import io.berth.wire.ApiError;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
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

    private static BerthDaemon daemon;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = WireJson.mapper();
    private static String base;

    @BeforeAll
    static void start() {
        ServerConfig defaults = ServerConfig.defaults(home);
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, 0, "everysec", home.resolve("data"), 2,
                defaults.defaultImage(), Duration.ofSeconds(2), "berth", null);
        daemon = BerthDaemon.start(config, "test");
        base = "http://127.0.0.1:" + daemon.port() + "/api/v1";
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String upload(Map<String, String> files) throws Exception {
        byte[] bundle = TestBundles.tarGz(files);
        String digest = TestBundles.sha256(bundle);
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(base + "/bundles/" + digest))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bundle)));
        assertThat(put.statusCode()).isEqualTo(201);
        return digest;
    }

    private static HttpResponse<String> submit(SubmitJobRequest request) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))));
    }

    private static JobView job(String id) throws Exception {
        return JSON.readValue(send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + id))).body(), JobView.class);
    }

    @Test
    void aPythonJobRunsWithItsParamsAndEnvAndEndsCompletedWithLogsAndArchive() throws Exception {
        String digest = upload(Map.of("main.py", """
                import json, os, sys
                print("params", json.load(open(os.environ["BERTH_PARAMETERS_FILE"])))
                print("args", sys.argv[1:])
                print("job", os.environ["BERTH_JOB_ID"], os.environ["GREETING"])
                """));
        HttpResponse<String> created = submit(new SubmitJobRequest(digest, "demo", List.of("main.py", "--epochs", "3"),
                Map.of("lr", 0.1), new JobSpec(null, null, null, Map.of("GREETING", "hi"), null, null, null)));
        assertThat(created.statusCode()).isEqualTo(201);
        JobView job = JSON.readValue(created.body(), JobView.class);

        String followed = send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + job.id().substring(0, 12)
                + "/logs?follow=true"))).body();
        assertThat(followed).contains("params {'lr': 0.1}", "args ['--epochs', '3']", "job " + job.id() + " hi");

        JobView done = job(job.id());
        assertThat(done.state()).isEqualTo("completed");
        assertThat(done.exitCode()).isZero();
        HttpResponse<byte[]> archive = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + job.id()
                + "/archive")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.headers().firstValue("Content-Type")).contains("application/gzip");
        assertThat(archive.body().length).isGreaterThan(100);
    }

    @Test
    void errorsAreJsonNamingWhatIsWrong() throws Exception {
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(base + "/jobs/zzzzzzzzzz")));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readValue(unknown.body(), ApiError.class).code()).isEqualTo("job_not_found");

        HttpResponse<String> traversal = send(HttpRequest.newBuilder(URI.create(base + "/jobs/..%2Fetc")));
        assertThat(traversal.statusCode()).isIn(400, 404);

        HttpResponse<String> noBundle = submit(new SubmitJobRequest("a".repeat(64), "demo", List.of("x"), null, null));
        assertThat(noBundle.statusCode()).isEqualTo(400);
        assertThat(JSON.readValue(noBundle.body(), ApiError.class).message()).contains("bundle");

        HttpResponse<String> badJson = send(HttpRequest.newBuilder(URI.create(base + "/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\": 5, \"nope\": 1}")));
        assertThat(badJson.statusCode()).isEqualTo(400);

        byte[] bundle = TestBundles.tarGz(Map.of("a", "b"));
        HttpResponse<String> mismatch = send(HttpRequest.newBuilder(URI.create(base + "/bundles/" + "b".repeat(64)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bundle)));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/bundles/" + "b".repeat(64)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
    }

    @Test
    void aRunningJobCanBeStopped() throws Exception {
        String digest = upload(Map.of("sleep.py", "import time\nprint('sleeping', flush=True)\ntime.sleep(600)\n"));
        JobView job = JSON.readValue(submit(new SubmitJobRequest(digest, "demo", List.of("sleep.py"), null, null)).body(),
                JobView.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> job(job.id()).state().equals("running"));
        HttpResponse<String> stop = send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + job.id() + "/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(stop.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> job(job.id()).finished());
        assertThat(job(job.id()).state()).isEqualTo("stopped");
    }
}
