package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.wire.BulkResult;
import io.berth.wire.JobDetails;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepView;
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

/**
 * What jobs report reaches the API while they run and after, through the events file of the container
 * contract (written here by hand, as any helper library would), and sweeps are queued whole.
 */
class ResultsAndSweepsIT {
    @TempDir
    static Path home;

    private static TestDaemon daemon;
    private static TestApi api;

    /** Writes events like the helpers do: one whole line per write, in append mode. */
    private static final String REPORTER = """
            import json, os, sys, time
            def event(**e):
                e["time"] = "2026-11-22T10:00:00.000Z"
                with open(os.environ["BERTH_EVENTS_FILE"], "a") as f:
                    f.write(json.dumps(e) + "\\n")
            """;

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
    void metricsShowWhileTheJobRunsAndEverythingItReportedIsKeptAfter() throws Exception {
        String digest = api.upload(Map.of("main.py", REPORTER + """
                os.makedirs("/job/berth/artifacts/model", exist_ok=True)
                open("/job/berth/artifacts/model/weights.bin", "w").write("w" * 10)
                event(kind="param", key="optimizer", value="adam")
                event(kind="tag", key="stage", value="warmup")
                event(kind="artifact", key="model", path="artifacts/model/weights.bin", bytes=10)
                for step in range(3):
                    event(kind="metric", key="loss", value=1.0 / (step + 1), step=step)
                with open(os.environ["BERTH_EVENTS_FILE"], "a") as f:
                    f.write("not json\\n")
                print("reported", flush=True)
                time.sleep(30)
                """));
        JobView job = api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, null));

        await().atMost(Duration.ofSeconds(30)).until(() -> 0.3333333333333333 == toDouble(api.job(job.id()).metrics().get("loss")));
        assertThat(api.job(job.id()).state()).isEqualTo("running");
        assertThat(api.job(job.id()).tags()).containsEntry("stage", "warmup");

        api.send(api.request("/jobs/" + job.id() + "/stop").POST(HttpRequest.BodyPublishers.noBody()));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.job(job.id()).finished());

        JobDetails details = TestApi.JSON.readValue(api.send(api.request("/jobs/" + job.id() + "/details")).body(),
                JobDetails.class);
        assertThat(details.loggedParams()).containsEntry("optimizer", "adam");
        assertThat(details.metrics().get("loss")).extracting(p -> p.step()).containsExactly(0L, 1L, 2L);
        assertThat(details.artifacts()).singleElement()
                .satisfies(a -> assertThat(a.path()).isEqualTo("artifacts/model/weights.bin"));
        assertThat(details.job().metrics()).containsKey("loss");

        // the archive's metadata shows what the job's table row shows
        JobView archived = TestApi.JSON.readValue(api.archivedFile(job.id(), "metadata.json"), JobView.class);
        assertThat(archived.state()).isEqualTo("stopped");
        assertThat(archived.metrics()).containsEntry("loss", 0.3333333333333333);
        assertThat(archived.tags()).containsEntry("stage", "warmup");
    }

    @Test
    void aSweepIsQueuedInTheOrderOfItsParameterSetsAndRunsEachOnce() throws Exception {
        String digest = api.upload(Map.of("main.py", REPORTER + """
                params = json.load(open(os.environ["BERTH_PARAMETERS_FILE"]))
                event(kind="metric", key="score", value=params["x"] * 10 + params["base"], step=0)
                """));
        List<Map<String, Object>> sets = List.of(Map.of("x", 1), Map.of("x", 2), Map.of("x", 3), Map.of("x", 4));
        HttpResponse<String> created = api.send(api.request("/sweeps").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(new SubmitSweepRequest(
                        digest, "demo", List.of("main.py"), Map.of("base", 100, "x", 0), null, sets)))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        SweepView sweep = TestApi.JSON.readValue(created.body(), SweepView.class);
        assertThat(sweep.jobs()).extracting(j -> j.params().get("x")).containsExactly(1, 2, 3, 4);
        assertThat(sweep.jobs()).extracting(JobView::id).isSorted();
        assertThat(sweep.jobs()).allSatisfy(j -> assertThat(j.sweepId()).isEqualTo(sweep.id()));

        await().atMost(Duration.ofSeconds(60)).until(() -> sweepJobs(sweep.id().substring(0, 12)).stream()
                .allMatch(JobView::finished));
        List<JobView> done = sweepJobs(sweep.id());
        assertThat(done).extracting(JobView::state).containsOnly("completed");
        assertThat(done).extracting(j -> j.metrics().get("score")).containsExactly(110, 120, 130, 140);
        assertThat(done).extracting(JobView::attempt).containsOnly(1);

        BulkResult deleted = TestApi.JSON.readValue(api.send(api.request("/sweeps/" + sweep.id())
                .DELETE()).body(), BulkResult.class);
        assertThat(deleted.done()).hasSize(4);
        assertThat(api.send(api.request("/jobs?sweep=" + sweep.id())).statusCode()).isEqualTo(404);
    }

    private static List<JobView> sweepJobs(String sweep) throws Exception {
        return TestApi.JSON.readValue(api.send(api.request("/jobs?sweep=" + sweep)).body(), new TypeReference<>() {});
    }

    private static double toDouble(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
