package io.berth.sdk;

import static io.berth.sdk.TestJobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.BulkResult;
import io.berth.wire.JobView;
import io.berth.wire.SweepCounts;
import io.berth.wire.SweepView;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * collect, awaitAll and progress against a fake server whose sweep changes from one answer to the next (its counts by
 * state, GET /sweeps/s1/progress, follow the same snapshots).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SweepHandleTest {
    private FakeBerthServer server;
    private SweepHandle sweep;
    /** What GET /sweeps/s1 and its /progress answer, one snapshot per request; the last one stays. */
    private final Deque<List<JobView>> snapshots = new ArrayDeque<>();

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeBerthServer();
        server.on("GET", "/sweeps/s1", (ex, req) -> {
            List<JobView> jobs;
            synchronized (snapshots) {
                jobs = snapshots.size() > 1 ? snapshots.poll() : snapshots.peek();
            }
            FakeBerthServer.respond(ex, 200, new SweepView("s1", jobs));
        });
        server.on("GET", "/sweeps/s1/progress", (ex, req) -> {
            List<JobView> jobs;
            synchronized (snapshots) {
                jobs = snapshots.size() > 1 ? snapshots.poll() : snapshots.peek();
            }
            FakeBerthServer.respond(ex, 200, new SweepCounts("s1", count(jobs, "queued"),
                    count(jobs, "running") + count(jobs, "starting"), count(jobs, "completed"), count(jobs, "failed"),
                    count(jobs, "stopped")));
        });
        sweep = new SweepHandle(new BerthClient(server.url(), null), "s1");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @SafeVarargs
    private void thenServes(List<JobView>... views) {
        synchronized (snapshots) {
            snapshots.clear();
            snapshots.addAll(List.of(views));
        }
    }

    private static List<JobView> jobs(TestJobs... jobs) {
        List<JobView> views = new ArrayList<>();
        for (TestJobs job : jobs) {
            views.add(job.inSweep("s1").build());
        }
        return views;
    }

    private static int count(List<JobView> jobs, String state) {
        return (int) jobs.stream().filter(job -> job.state().equals(state)).count();
    }

    /** How often the whole sweep was read. */
    private long sweepReads() {
        return server.requests.stream().filter(request -> request.path().equals("/api/v1/sweeps/s1")).count();
    }

    private static List<String> ids(List<JobView> jobs) {
        return jobs.stream().map(JobView::id).toList();
    }

    @Test
    void collectWaitsForNJobsAndReturnsThemInTheOrderTheyFinished() {
        thenServes(
                jobs(aJob("a"), aJob("b"), aJob("c"), aJob("d")),
                jobs(aJob("a").running(), aJob("b").finishedAt(2), aJob("c"), aJob("d")),
                // d finished before b, though it shows up later
                jobs(aJob("a").running(), aJob("b").finishedAt(2), aJob("c").running(), aJob("d").finishedAt(1)));

        List<JobView> first = sweep.collect(2, Duration.ofSeconds(30));

        assertThat(ids(first)).containsExactly("d", "b");
        assertThat(server.requests).as("looked three times").hasSize(4);
        assertThat(sweepReads()).as("the jobs read once, when two had finished").isEqualTo(1);
        assertThat(sweep.collect(5, Duration.ZERO)).as("nothing new has finished").isEmpty();

        thenServes(jobs(aJob("a").finishedAt(5), aJob("b").finishedAt(2), aJob("c").ended("failed", 4),
                aJob("d").finishedAt(1)));

        assertThat(ids(sweep.collect(5, Duration.ofSeconds(30))))
                .as("fewer than asked, at once: nothing more will come").containsExactly("c", "a");
        assertThat(sweep.collect(5, Duration.ofSeconds(30))).isEmpty();
        assertThat(sweep.allCollected()).isTrue();
    }

    @Test
    void collectReturnsWhatHasFinishedWhenTheTimeoutComes() {
        thenServes(jobs(aJob("a").finishedAt(1), aJob("b").running(), aJob("c")));
        long start = System.nanoTime();

        List<JobView> collected = sweep.collect(3, Duration.ofMillis(400));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(ids(collected)).containsExactly("a");
        assertThat(took).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
        assertThat(sweep.allCollected()).isFalse();
    }

    @Test
    void collectHandsOutEachJobOnceAcrossCalls() {
        thenServes(jobs(aJob("a").finishedAt(3), aJob("b").finishedAt(1), aJob("c").finishedAt(2),
                aJob("d").running()));

        List<String> all = new ArrayList<>();
        all.addAll(ids(sweep.collect(1, Duration.ZERO)));
        all.addAll(ids(sweep.collect(1, Duration.ZERO)));
        all.addAll(ids(sweep.collect(5, Duration.ZERO)));

        assertThat(all).containsExactly("b", "c", "a");
        assertThat(sweep.collect(5, Duration.ZERO)).isEmpty();
    }

    @Test
    void collectRefusesNonsense() {
        assertThatThrownBy(() -> sweep.collect(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be at least 1");
        assertThatThrownBy(() -> sweep.collect(1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    @Test
    void awaitAllReturnsEveryJobInQueueOrderOnceAllHaveFinished() {
        thenServes(
                jobs(aJob("a").running(), aJob("b")),
                jobs(aJob("a").finishedAt(2), aJob("b").running()),
                jobs(aJob("a").finishedAt(2), aJob("b").ended("stopped", 3)));

        List<JobView> done = sweep.awaitAll(Duration.ofSeconds(30));

        assertThat(ids(done)).containsExactly("a", "b");
        assertThat(done).extracting(JobView::state).containsExactly("completed", "stopped");
        assertThat(sweepReads()).as("the jobs read once, when all had finished").isEqualTo(1);
        assertThat(sweep.collect(5, Duration.ZERO)).as("awaiting is not collecting").hasSize(2);
    }

    @Test
    void awaitAllTimesOutNamingTheSweepAndTheJobsStillGoing() {
        thenServes(jobs(aJob("a").finishedAt(1), aJob("b").running(), aJob("c")));

        assertThatThrownBy(() -> sweep.awaitAll(Duration.ofMillis(300)))
                .isInstanceOf(AwaitTimeoutException.class)
                .hasMessage("sweep s1: 2 of 3 jobs have not finished after 300 ms (b, c)")
                .satisfies(e -> assertThat(((AwaitTimeoutException) e).unfinished()).containsExactly("b", "c"));
    }

    @Test
    void progressIsTheServersCountOfJobsByState() {
        server.json("GET", "/sweeps/s1/progress", 200, new SweepCounts("s1", 2, 1, 2, 1, 1));

        SweepProgress progress = sweep.progress();

        assertThat(progress).isEqualTo(new SweepProgress(2, 1, 2, 1, 1));
        assertThat(progress.total()).isEqualTo(7);
        assertThat(progress.finished()).isEqualTo(4);
        assertThat(progress.allFinished()).isFalse();
        assertThat(progress).hasToString("2 completed, 1 running, 2 queued, 1 failed, 1 stopped");
        assertThat(new SweepProgress(0, 0, 3, 0, 0)).hasToString("3 completed, 0 running, 0 queued, 0 failed")
                .satisfies(p -> assertThat(p.allFinished()).isTrue());
    }

    @Test
    void jobsAreHandlesInQueueOrderAndStopStopsTheSweep() {
        thenServes(jobs(aJob("a"), aJob("b")));
        server.json("POST", "/sweeps/s1/stop", 200, new BulkResult(List.of("a", "b"), List.of()));

        assertThat(sweep.jobs()).extracting(JobHandle::id).containsExactly("a", "b");
        assertThat(sweep.stop().done()).containsExactly("a", "b");
        assertThat(server.last().method()).isEqualTo("POST");
    }
}
