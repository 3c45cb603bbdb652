package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.wire.ApiError;
import io.berth.wire.ClearQueueResponse;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.QueueEntryView;
import io.berth.wire.QueuePage;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepCounts;
import io.berth.wire.SweepView;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /pages/queue, the streamed GET /queue and DELETE /queue over real HTTP and a real Redis, on a queue longer
 * than their batches: the server's Docker engine is a socket nobody listens on, so every job stays queued.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueuePagesIT {
    private static final int SWEEP_JOBS = 2_500;
    private static final String ENGINE_AWAY = "the Docker engine does not answer; starts when it is back";

    @TempDir
    static Path home;

    private static TestDaemon daemon;
    private static TestApi api;
    private static SweepView sweep;
    private static JobView urgent;

    @BeforeAll
    static void queueASweepAndAnUrgentJob() throws Exception {
        daemon = new TestDaemon(TestApi.config(home, null, URI.create("unix://" + home.resolve("no-docker.sock"))));
        api = daemon.api;
        String digest = api.upload(Map.of("main.py", "print('hi')\n"));
        List<Map<String, Object>> sets = IntStream.range(0, SWEEP_JOBS).<Map<String, Object>>mapToObj(i -> Map.of("i", i))
                .toList();
        HttpResponse<String> created = api.send(api.request("/sweeps").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(new SubmitSweepRequest(digest,
                        "big", List.of("main.py"), Map.of(), null, sets)))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        sweep = TestApi.JSON.readValue(created.body(), SweepView.class);
        urgent = api.submitted(new SubmitJobRequest(digest, "small", List.of("main.py"), Map.of(),
                JobSpec.defaults().withRequests(JobRequests.none().withPriority(5))));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static QueuePage page(String query) throws Exception {
        HttpResponse<String> response = api.send(api.request("/pages/queue?" + query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestApi.JSON.readValue(response.body(), QueuePage.class);
    }

    private static List<QueueEntryView> wholeQueue(String query) throws Exception {
        HttpResponse<String> response = api.send(api.request("/queue?" + query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestApi.JSON.readValue(response.body(), new TypeReference<>() {});
    }

    @Test
    void pagesComeInTheOrderTheServerWillConsiderTheJobsWithTheTotal() throws Exception {
        QueuePage first = page("limit=50");
        assertThat(first.total()).isEqualTo(SWEEP_JOBS + 1);
        assertThat(first.entries()).hasSize(50);
        assertThat(first.entries().get(0).job().id()).as("priority 5 first").isEqualTo(urgent.id());
        assertThat(first.entries().get(1).job().id()).isEqualTo(sweep.jobs().get(0).id());
        assertThat(first.entries()).extracting(QueueEntryView::place).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 50).boxed().toList());
        assertThat(first.entries().stream().map(QueueEntryView::reason).distinct()).as("the two that would start, then the rest")
                .containsExactly(ENGINE_AWAY, "slots full (2 of 2 in use)");
        assertThat(first.entries().get(1).reason()).isEqualTo(ENGINE_AWAY);

        QueuePage last = page("offset=2490&limit=50");
        assertThat(last.entries()).extracting(QueueEntryView::place).containsExactlyElementsOf(
                IntStream.rangeClosed(2491, SWEEP_JOBS + 1).boxed().toList());
        assertThat(last.entries().get(last.entries().size() - 1).job().id())
                .isEqualTo(sweep.jobs().get(SWEEP_JOBS - 1).id());
        assertThat(page("offset=9999").entries()).isEmpty();

        QueuePage ofSmall = page("project=small");
        assertThat(ofSmall.total()).isEqualTo(1);
        assertThat(ofSmall.entries()).singleElement().satisfies(entry -> assertThat(entry.place()).isEqualTo(1));
    }

    @Test
    void theWholeQueueStreamedIsThePagesInARow() throws Exception {
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < SWEEP_JOBS + 1; offset += 500) {
            page("offset=" + offset + "&limit=500").entries().forEach(entry -> paged.add(entry.job().id()));
        }
        List<QueueEntryView> whole = wholeQueue("");
        assertThat(whole).extracting(entry -> entry.job().id()).containsExactlyElementsOf(paged);
        assertThat(whole).extracting(QueueEntryView::place).containsExactlyElementsOf(
                IntStream.rangeClosed(1, SWEEP_JOBS + 1).boxed().toList());
        assertThat(wholeQueue("project=small")).singleElement()
                .satisfies(entry -> assertThat(entry.job().id()).isEqualTo(urgent.id()));
    }

    @Test
    void aSweepsProgressIsCountedByTheServer() throws Exception {
        HttpResponse<String> response = api.send(api.request("/sweeps/" + sweep.id().substring(0, 12) + "/progress"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestApi.JSON.readValue(response.body(), SweepCounts.class))
                .isEqualTo(new SweepCounts(sweep.id(), SWEEP_JOBS, 0, 0, 0, 0));
        assertThat(api.send(api.request("/sweeps/zzzz/progress")).statusCode()).isEqualTo(404);
    }

    @Test
    void aBadPageRequestIsRefusedNamingWhatIsWrong() throws Exception {
        for (var bad : Map.of("limit=0", "limit: 0 is not between 1 and 500", "limit=501",
                "limit: 501 is not between 1 and 500", "offset=-1", "offset: -1 is negative", "limit=many",
                "limit: 'many' is not a whole number").entrySet()) {
            HttpResponse<String> response = api.send(api.request("/pages/queue?" + bad.getKey()));
            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(TestApi.JSON.readValue(response.body(), ApiError.class).message()).isEqualTo(bad.getValue());
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // the other tests read the queue as it was queued
    void clearingASweepStopsEachOfItsQueuedJobsAndLeavesTheRest() throws Exception {
        HttpResponse<String> response = api.send(api.request("/queue?sweep=" + sweep.id()).DELETE());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ClearQueueResponse cleared = TestApi.JSON.readValue(response.body(), ClearQueueResponse.class);

        assertThat(cleared.removed()).isEqualTo(SWEEP_JOBS);
        assertThat(cleared.ids()).containsExactlyElementsOf(sweep.jobs().stream().map(JobView::id).toList());
        assertThat(page("").total()).isEqualTo(1);
        List<JobView> jobs = TestApi.JSON.readValue(api.send(api.request("/jobs?sweep=" + sweep.id())).body(),
                new TypeReference<>() {});
        assertThat(TestApi.JSON.readValue(api.send(api.request("/sweeps/" + sweep.id() + "/progress")).body(),
                SweepCounts.class)).isEqualTo(new SweepCounts(sweep.id(), 0, 0, 0, 0, SWEEP_JOBS));
        assertThat(jobs).hasSize(SWEEP_JOBS).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo("stopped");
            assertThat(job.reason()).isEqualTo("removed from the queue by clear-queue");
        });
    }
}
