package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.config.ServerConfig;
import io.berth.daemon.BerthDaemon;
import io.berth.wire.JobView;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole sweep through the Java API, against a real server (embedded Redis, the Docker engine,
 * berth-worker:latest) with 2 slots: each job reads its params and reports a metric with the image's
 * Python helper.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SweepIT {
    private static final int SLOTS = 2;
    /** Generous: the machine has 2 cores and other work runs on it. */
    private static final Duration LONG = Duration.ofMinutes(6);

    /**
     * Reports with berth.log_metric; an image built before the helper had it gets the events-file line
     * written by hand, as docs/job-helpers.md specifies it, and says so in its log.
     */
    private static final String SCORER = """
            import json, os, time
            import berth
            params = berth.load_parameters()
            if hasattr(berth, "log_metric"):
                log_metric = berth.log_metric
                print("reporting with berth.log_metric")
            else:
                def log_metric(key, value, step=0):
                    line = json.dumps({"kind": "metric", "key": key, "value": value, "step": step,
                                       "time": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())})
                    with open(os.environ["BERTH_EVENTS_FILE"], "a") as f:
                        f.write(line + "\\n")
                print("reporting by hand: this image's berth has no log_metric")
            time.sleep(1)  # long enough for the two slots to overlap
            log_metric("score", params["x"] * 100 + params["y"])
            """;

    @TempDir
    static Path root;
    private static BerthDaemon daemon;
    private static Berth berth;

    @BeforeAll
    static void startServer() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, 0, "everysec", root.resolve("server-data"), SLOTS,
                ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), "berth", null);
        daemon = BerthDaemon.start(config, "test");
        berth = Berth.connect(URI.create("http://127.0.0.1:" + daemon.port()), null);
    }

    @AfterAll
    static void stopServer() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aGridOfTwentyRunsEachCombinationOnceTwoAtATimeAndCollectHandsEachOutOnce() throws IOException {
        Path project = Files.createDirectories(root.resolve("scorer"));
        Files.writeString(project.resolve("main.py"), SCORER);
        Files.writeString(project.resolve("job.config.yaml"), "project_name: scorer\n");
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("x", List.of(1, 2, 3, 4, 5));
        grid.put("y", List.of(10, 20, 30, 40));

        SweepHandle sweep = berth.sweep(JobRequest.builder(project).command("main.py").build(), Sweep.grid(grid));

        List<List<JobView>> batches = new ArrayList<>();
        while (!sweep.allCollected()) {
            List<JobView> batch = sweep.collect(3, LONG);
            assertThat(batch).as("collect waits until jobs finish").isNotEmpty().hasSizeLessThanOrEqualTo(3);
            batches.add(batch);
        }
        List<JobView> jobs = sweep.awaitAll(Duration.ofSeconds(30));

        // every combination ran exactly once, from the one bundle, in the order of the grid
        assertThat(jobs).hasSize(20).allSatisfy(job -> {
            assertThat(job.state()).as(job.toString()).isEqualTo("completed");
            assertThat(job.attempt()).isEqualTo(1);
            assertThat(job.sweepId()).isEqualTo(sweep.id());
        });
        assertThat(jobs).extracting(JobView::params).containsExactlyElementsOf(Sweep.grid(grid).paramSets());
        try (Stream<Path> bundles = Files.list(root.resolve("server-data/bundles"))) {
            assertThat(bundles.filter(f -> f.toString().endsWith(".tar.gz"))).as("uploaded once").hasSize(1);
        }

        // each job's metric is the one its params call for
        assertThat(jobs).allSatisfy(job -> assertThat(job.metrics()).as(job.id())
                .containsEntry("score", (Integer) job.params().get("x") * 100 + (Integer) job.params().get("y")));

        // collect handed out every job exactly once, each batch in the order its jobs finished
        List<String> collected = batches.stream().flatMap(List::stream).map(JobView::id).toList();
        assertThat(collected).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                jobs.stream().map(JobView::id).toList());
        assertThat(batches).allSatisfy(batch -> assertThat(batch).extracting(JobView::finishedAt)
                .isSortedAccordingTo(Comparator.naturalOrder()));
        assertThat(batches.get(0)).as("a batch is n jobs unless the sweep runs out").hasSize(3);

        // never more than the two slots' jobs running at once
        assertThat(mostAtOnce(jobs)).isEqualTo(SLOTS);

        JobHandle first = sweep.jobs().get(0);
        assertThat(first.logs()).containsPattern("reporting (with berth.log_metric|by hand)");
        System.out.println("SweepIT: the job " + first.logs().lines().findFirst().orElse("logged nothing"));
    }

    /** The largest number of jobs whose [startedAt, finishedAt] overlap at one moment. */
    private static int mostAtOnce(List<JobView> jobs) {
        record Edge(Instant at, int change) {}
        List<Edge> edges = new ArrayList<>();
        for (JobView job : jobs) {
            edges.add(new Edge(job.startedAt(), +1));
            edges.add(new Edge(job.finishedAt(), -1));
        }
        // at the same instant, an end comes before a start: the slot was free again
        edges.sort(Comparator.comparing(Edge::at).thenComparing(Edge::change));
        int running = 0;
        int most = 0;
        for (Edge edge : edges) {
            running += edge.change();
            most = Math.max(most, running);
        }
        return most;
    }
}
