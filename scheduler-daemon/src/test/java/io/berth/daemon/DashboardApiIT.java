package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.wire.ApiError;
import io.berth.wire.JobDetails;
import io.berth.wire.JobView;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitJobRequest;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard's pages read besides job tables, over real HTTP from a server running real jobs. */
class DashboardApiIT {
    @TempDir
    static Path home;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Instant beforeStart;
    private static TestDaemon daemon;
    private static TestApi api;

    @BeforeAll
    static void start() {
        beforeStart = Instant.now();
        daemon = new TestDaemon(home);
        api = daemon.api;
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** Saves artifacts (one a link out of its directory), then waits for the test to let it finish. */
    private static final String ARTIFACTS_JOB = """
            import json, os, time
            def save(key, name, data):
                d = "/job/berth/artifacts/" + key
                os.makedirs(d, exist_ok=True)
                with open(d + "/" + name, "wb") as f:
                    f.write(data)
                event(key, "artifacts/" + key + "/" + name, len(data))
            def event(key, path, size):
                with open(os.environ["BERTH_EVENTS_FILE"], "a") as f:
                    f.write(json.dumps({"kind": "artifact", "key": key, "path": path, "bytes": size,
                                        "time": "2026-11-22T10:00:00.000Z"}) + "\\n")
            save("loss curve é", "loss.png", b"\\x89PNG fake")
            save("notes", "notes.txt", "héllo\\n".encode())
            save("report", "report.html", b"<script>alert(1)</script>")
            save("chart", "chart.svg", b"<svg onload=alert(1)/>")
            os.makedirs("/job/berth/artifacts/leak", exist_ok=True)
            os.symlink("/etc/hostname", "/job/berth/artifacts/leak/leak.txt")
            event("leak", "artifacts/leak/leak.txt", 10)
            event("escape", "../../../../etc/hostname", 10)
            for _ in range(600):  # a minute at most, should the test fail before it says go
                if os.path.exists("/job/berth/go"):
                    break
                time.sleep(0.1)
            """;

    private static HttpResponse<byte[]> artifact(String jobId, String key, String query) throws Exception {
        return HTTP.send(api.request("/jobs/" + jobId + "/artifacts/" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                .replace("+", "%20") + query).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }

    @Test
    void artifactsComeByKeyFromTheDirectoryThenTheArchiveAsAllowlistedTypesNeverThroughALink() throws Exception {
        JobView job = api.submitted(new SubmitJobRequest(api.upload(Map.of("main.py", ARTIFACTS_JOB)), "art",
                List.of("main.py"), null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> artifact(job.id(), "escape", "").statusCode() == 404
                && api.job(job.id()).state().equals("running")
                && TestApi.JSON.readValue(api.send(api.request("/jobs/" + job.id() + "/details")).body(),
                        JobDetails.class).artifacts().size() == 5); // the server's parser drops the escaping path

        assertServed(job.id(), "while it runs");
        Files.writeString(home.resolve("data/jobs/" + job.id() + "/job/berth/go"), "");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.job(job.id()).state().equals("completed"));
        // the job directory goes just after the end is recorded (the archive is made from it before)
        await("released").atMost(Duration.ofSeconds(10))
                .until(() -> !Files.exists(home.resolve("data/jobs/" + job.id() + "/job")));
        assertServed(job.id(), "from its archive");
    }

    private static void assertServed(String jobId, String when) throws Exception {
        HttpResponse<byte[]> png = artifact(jobId, "loss curve é", "?inline=1");
        assertThat(png.statusCode()).as(when).isEqualTo(200);
        assertThat(new String(png.body(), StandardCharsets.ISO_8859_1)).isEqualTo("\u0089PNG fake");
        assertThat(header(png, "Content-Type")).isEqualTo("image/png");
        assertThat(header(png, "Content-Disposition")).startsWith("inline; filename=\"loss.png\"");
        assertThat(header(png, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(png, "Content-Security-Policy")).isEqualTo("sandbox; default-src 'none'");
        assertThat(header(png, "Content-Length")).isEqualTo("9");

        HttpResponse<byte[]> text = artifact(jobId, "notes", "");
        assertThat(new String(text.body(), StandardCharsets.UTF_8)).isEqualTo("héllo\n");
        assertThat(header(text, "Content-Type")).isEqualToIgnoringWhitespace("text/plain; charset=utf-8");
        assertThat(header(text, "Content-Disposition")).startsWith("attachment;");

        for (String key : List.of("report", "chart")) {
            HttpResponse<byte[]> script = artifact(jobId, key, "?inline=1");
            assertThat(script.statusCode()).as(key).isEqualTo(200);
            assertThat(header(script, "Content-Type")).as(key).isEqualTo("application/octet-stream");
            assertThat(header(script, "Content-Disposition")).as(key).startsWith("attachment;");
            assertThat(header(script, "Content-Security-Policy")).as(key).isEqualTo("sandbox; default-src 'none'");
        }
        for (String key : List.of("leak", "escape", "never-saved")) {
            HttpResponse<byte[]> refused = artifact(jobId, key, "");
            assertThat(refused.statusCode()).as(when + ": " + key).isEqualTo(404);
            assertThat(TestApi.JSON.readValue(refused.body(), ApiError.class).code()).isEqualTo("no_artifact");
        }
    }

    /** One server-sent event as a browser's EventSource sees it. */
    private record Event(String id, String name, List<String> data) {}

    private static List<Event> events(HttpResponse<String> stream) {
        List<Event> events = new ArrayList<>();
        for (String block : stream.body().split("\n\n")) {
            String id = null;
            String name = "message";
            List<String> data = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
            if (!data.isEmpty()) {
                events.add(new Event(id, name, data));
            }
        }
        return events;
    }

    private static List<String> logLines(List<Event> events) {
        return events.stream().filter(e -> e.name().equals("log")).flatMap(e -> e.data().stream()).toList();
    }

    @Test
    void aLogFollowsAsEventsAndAReconnectResumesFromItsLastEventId() throws Exception {
        JobView job = api.submitted(new SubmitJobRequest(api.upload(Map.of("main.py", """
                import sys, time
                print("first", flush=True)
                time.sleep(1)
                sys.stdout.buffer.write(b"bad \\xff byte\\n")
                sys.stdout.flush()
                print("last", end="", flush=True)
                """)), "logs", List.of("main.py"), null, null));

        HttpResponse<String> stream = api.send(api.request("/jobs/" + job.id() + "/logs/events"));
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(header(stream, "Content-Type")).startsWith("text/event-stream");
        List<Event> events = events(stream);
        assertThat(events.get(0)).isEqualTo(new Event(null, "attempt", List.of("{\"attempt\":1}")));
        assertThat(logLines(events)).containsSubsequence("first", "bad \uFFFD byte", "last");
        assertThat(events.get(events.size() - 1)).isEqualTo(new Event(null, "end",
                List.of("{\"state\":\"completed\",\"exitCode\":0}")));
        byte[] log = HTTP.send(api.request("/jobs/" + job.id() + "/logs").build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(events.stream().filter(e -> e.name().equals("log")).reduce((a, b) -> b).orElseThrow().id())
                .as("the last id is the log's length in bytes").isEqualTo(Integer.toString(log.length));

        Event first = events.stream().filter(e -> e.data().contains("first")).findFirst().orElseThrow();
        List<Event> resumed = events(api.send(api.request("/jobs/" + job.id() + "/logs/events")
                .header("Last-Event-ID", first.id())));
        assertThat(logLines(resumed)).containsExactly("bad \uFFFD byte", "last");
        assertThat(resumed.get(resumed.size() - 1).name()).isEqualTo("end");

        assertThat(api.send(api.request("/jobs/" + job.id() + "/logs/events?attempt=2")).statusCode()).isEqualTo(400);
    }

    @Test
    void statusSaysWhenTheServerStartedAndTheLargestBundleItTakes() throws Exception {
        String body = api.send(api.request("/status")).body();
        ServerStatus status = TestApi.JSON.readValue(body, ServerStatus.class);

        assertThat(status.startedAt()).isBetween(beforeStart, Instant.now());
        assertThat(status.maxBundleBytes()).isEqualTo(2L << 30); // max_bundle_size's default: clients check it first
        assertThat(TestApi.JSON.readValue(body, Map.class).get("startedAt")).asString().endsWith("Z");
    }
}
