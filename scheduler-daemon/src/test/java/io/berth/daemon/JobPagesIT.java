package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.wire.ApiError;
import io.berth.wire.JobPage;
import io.berth.wire.JobView;
import io.berth.wire.ProjectView;
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

/** GET /pages/jobs and GET /projects over real HTTP, on jobs that really ran and reported metrics. */
class JobPagesIT {
    @TempDir
    static Path home;

    private static TestDaemon daemon;
    private static TestApi api;
    private static SweepView sweep;
    private static JobView failed;

    @BeforeAll
    static void runASweepAndAFailedJob() throws Exception {
        daemon = new TestDaemon(home);
        api = daemon.api;
        String digest = api.upload(Map.of("main.py", """
                import json, os, sys
                params = json.load(open(os.environ["BERTH_PARAMETERS_FILE"]))
                with open(os.environ["BERTH_EVENTS_FILE"], "a") as f:
                    f.write(json.dumps({"kind": "metric", "key": "score", "value": params.get("x", 0) * 10, "step": 0,
                                        "time": "2026-11-22T10:00:00.000Z"}) + "\\n")
                sys.exit(params.get("exit", 0))
                """));
        HttpResponse<String> created = api.send(api.request("/sweeps").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(new SubmitSweepRequest(digest,
                        "vision", List.of("main.py"), Map.of("optimizer", "Adam"), null,
                        List.of(Map.of("x", 2), Map.of("x", 4), Map.of("x", 1), Map.of("x", 3)))))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        sweep = TestApi.JSON.readValue(created.body(), SweepView.class);
        failed = api.submitted(new SubmitJobRequest(digest, "speech", List.of("main.py"), Map.of("exit", 3), null));
        await().atMost(Duration.ofSeconds(90)).until(() -> page("limit=500").jobs().stream().allMatch(JobView::finished));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static JobPage page(String query) throws Exception {
        HttpResponse<String> response = api.send(api.request("/pages/jobs?" + query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestApi.JSON.readValue(response.body(), JobPage.class);
    }

    private static List<Object> xs(JobPage page) {
        return page.jobs().stream().map(job -> job.params().get("x")).toList();
    }

    @Test
    void aPageIsTheNewestJobsFirstWithTheTotalItsOffsetAndLimit() throws Exception {
        Map<String, Object> raw = TestApi.JSON.readValue(api.send(api.request("/pages/jobs?limit=2")).body(),
                new TypeReference<>() {});
        assertThat(raw).containsOnlyKeys("jobs", "total", "offset", "limit").containsEntry("total", 5)
                .containsEntry("offset", 0).containsEntry("limit", 2);

        JobPage first = page("limit=2");
        assertThat(first.jobs()).extracting(JobView::id).containsExactly(failed.id(), sweep.jobs().get(3).id());
        assertThat(page("offset=2&limit=2").jobs()).extracting(JobView::id)
                .containsExactly(sweep.jobs().get(2).id(), sweep.jobs().get(1).id());
        assertThat(page("offset=1&limit=50&sort=created&order=asc").jobs()).extracting(JobView::id)
                .containsExactly(sweep.jobs().get(1).id(), sweep.jobs().get(2).id(), sweep.jobs().get(3).id(),
                        failed.id());
        assertThat(page("").limit()).isEqualTo(50);
    }

    @Test
    void filtersAndSortsGiveTheSweepsJobsByTheirMetricWithTheirResults() throws Exception {
        JobPage byScore = page("sweep=" + sweep.id().substring(0, 12) + "&sort=metric:score&order=desc&project=&q=");
        assertThat(byScore.total()).isEqualTo(4);
        assertThat(xs(byScore)).containsExactly(4, 3, 2, 1);
        assertThat(byScore.jobs().get(0).metrics()).containsEntry("score", 40);

        assertThat(xs(page("project=vision&sort=param:x&order=asc"))).containsExactly(1, 2, 3, 4);
        assertThat(page("state=failed,completed&sort=status&order=desc").jobs()).extracting(JobView::state)
                .containsExactly("failed", "completed", "completed", "completed", "completed");
        assertThat(page("state=failed").jobs()).singleElement().satisfies(job -> {
            assertThat(job.id()).isEqualTo(failed.id());
            assertThat(job.exitCode()).isEqualTo(3);
            assertThat(job.reason()).isEqualTo("exit code 3");
        });
        assertThat(page("q=ADAM").total()).isEqualTo(4);
        assertThat(page("q=" + failed.id().substring(0, 13)).jobs()).extracting(JobView::id).containsExactly(failed.id());
        assertThat(page("q=speech&sort=exit").jobs()).extracting(JobView::project).containsExactly("speech");
    }

    @Test
    void aBadPageRequestIsRefusedNamingWhatIsWrong() throws Exception {
        assertBadRequest("limit=501", "limit: 501 is not between 1 and 500");
        assertBadRequest("limit=ten", "limit: 'ten' is not a whole number");
        assertBadRequest("offset=-5", "offset: -5 is negative");
        assertBadRequest("state=running,done", "state: 'done' is not a state");
        assertBadRequest("sort=size", "sort: 'size' is not one of created, status");
        assertBadRequest("order=up", "order: 'up' is neither asc nor desc");
        HttpResponse<String> noSweep = api.send(api.request("/pages/jobs?sweep=zzzz"));
        assertThat(noSweep.statusCode()).isEqualTo(404);
    }

    @Test
    void projectsCountTheirJobsAndSweeps() throws Exception {
        List<ProjectView> projects = TestApi.JSON.readValue(api.send(api.request("/projects")).body(),
                new TypeReference<>() {});
        assertThat(projects).extracting(ProjectView::project).containsExactly("speech", "vision");
        assertThat(projects.get(1).jobs()).isEqualTo(4);
        assertThat(projects.get(1).active()).isZero();
        assertThat(projects.get(1).sweeps()).containsExactly(new ProjectView.SweepCount(sweep.id(), 4));
        assertThat(projects.get(0).lastSubmittedAt()).isEqualTo(failed.createdAt());
    }

    private static void assertBadRequest(String query, String message) throws Exception {
        HttpResponse<String> response = api.send(api.request("/pages/jobs?" + query));
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        ApiError error = TestApi.JSON.readValue(response.body(), ApiError.class);
        assertThat(error.code()).isEqualTo("bad_request");
        assertThat(error.message()).as(query).startsWith(message);
    }
}
