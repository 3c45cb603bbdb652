package io.berth.daemon.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.core.IndexedJobStore;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobEvent;
import io.berth.daemon.core.JobFilter;
import io.berth.daemon.core.JobIds;
import io.berth.daemon.core.JobPages;
import io.berth.daemon.core.JobSort;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.JobStore;
import io.berth.wire.JobSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a job page takes with 100,000 jobs in a real Redis, against how long the server takes to build
 * its index of them at start (reading every record, as every list did before the index): printed, and the
 * page must take a small fraction of it. {@code -Dberth.bench.jobs=N} measures another count.
 */
class JobPagesBenchmarkIT {
    private static final int JOBS = Integer.getInteger("berth.bench.jobs", 100_000);
    private static final int BATCH = 5_000;
    private static final int RUNS = 20;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path dataDir;
    private static TestRedis redis;
    private static JobStore redisStore;
    private static RedisJobResultsStore results;

    @BeforeAll
    static void storeManyJobs() {
        redis = new TestRedis(dataDir);
        RedisKeys keys = new RedisKeys("bench");
        redisStore = new RedisJobStore(redis.jedis(), keys);
        results = new RedisJobResultsStore(redis.jedis(), keys);
        long start = System.nanoTime();
        for (int from = 0; from < JOBS; from += BATCH) {
            List<Job> batch = new ArrayList<>();
            List<String> ids = JobIds.sequence(T0.plusSeconds(from), Math.min(BATCH, JOBS - from));
            for (int i = 0; i < ids.size(); i++) {
                batch.add(aJob(ids.get(i), from + i));
            }
            redisStore.insertAll(batch);
            for (Job job : batch) {
                results.append(job.id(), 0, 1, List.of(new JobEvent(JobEvent.Kind.METRIC, "loss",
                        1.0 / (1 + job.params().hashCode() % 1000), 0L, T0, null, null)));
            }
        }
        System.out.printf("stored %d jobs with a metric each in %d ms%n", JOBS, millisSince(start));
    }

    /** Jobs of 10 projects in sweeps of 1,000, most finished, some failed, running or queued. */
    private static Job aJob(String id, int n) {
        Instant created = T0.plusSeconds(n);
        Job queued = Job.queued(id, "01sweep" + String.format("%09d", n / 1000), "project-" + n % 10,
                List.of("python", "train.py", "--epochs", Integer.toString(n % 7)),
                Map.of("lr", n % 97 / 1000.0, "batch", 1 << (n % 8), "optimizer", n % 3 == 0 ? "adam" : "sgd"),
                JobSpec.defaults(), "0".repeat(64), n * JobStore.POSITION_GAP, created);
        return switch (n % 20) {
            case 0 -> queued;
            case 1, 2 -> queued.claimed().started("c" + n, created.plusSeconds(1));
            case 3, 4, 5 -> queued.claimed().started("c" + n, created.plusSeconds(1)).failed(1, "exit code 1",
                    created.plusSeconds(60 + n % 600));
            default -> queued.claimed().started("c" + n, created.plusSeconds(1)).completed(
                    created.plusSeconds(60 + n % 600));
        };
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aPageTakesASmallFractionOfBuildingTheIndex() {
        long start = System.nanoTime();
        IndexedJobStore store = IndexedJobStore.over(redisStore);
        long buildMillis = millisSince(start);
        assertThat(store.index().size()).isEqualTo(JOBS);
        JobPages pages = new JobPages(store, results, Clock.systemUTC());
        System.out.printf("index of %d jobs built from redis (every record read, as each list did before) in %d ms%n",
                JOBS, buildMillis);

        JobFilter runningOrFailed = new JobFilter(null, null, Set.of(JobState.RUNNING, JobState.FAILED), null);
        double byStatus = measure("state=running,failed&sort=status", () ->
                pages.page(runningOrFailed, JobSort.parse("status", "desc"), 0, 50), buildMillis);
        measure("(no filter: newest first)", () -> pages.page(JobFilter.ALL, JobSort.parse(null, null), 0, 50),
                buildMillis);
        measure("offset=90000&sort=duration", () -> pages.page(JobFilter.ALL, JobSort.parse("duration", "asc"),
                90_000, 50), buildMillis);
        measure("q=adam&project=project-3&sort=finished", () -> pages.page(new JobFilter("project-3", null, Set.of(),
                "adam"), JobSort.parse("finished", "desc"), 0, 50), buildMillis);
        measure("sort=metric:loss (reads the loss of every job)", () -> pages.page(JobFilter.ALL,
                JobSort.parse("metric:loss", "asc"), 0, 50), buildMillis);
        measure("sort=param:lr (parses every job's params)", () -> pages.page(JobFilter.ALL,
                JobSort.parse("param:lr", "asc"), 0, 50), buildMillis);

        assertThat(byStatus).as("a filtered page sorted by status, in ms").isLessThan(buildMillis / 5.0);
    }

    /** Runs the page RUNS times after two warm-ups; prints and returns the median in ms. */
    private static double measure(String what, Supplier<JobPages.Page> page, long buildMillis) {
        page.get();
        int total = page.get().total();
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            assertThat(page.get().jobs()).hasSizeLessThanOrEqualTo(50);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        double median = millis[RUNS / 2];
        System.out.printf("page of 50 of %d (%s): median %.1f ms, max %.1f ms over %d runs = %.4f of the build%n",
                total, what, median, millis[RUNS - 1], RUNS, median / buildMillis);
        return median;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
