package io.berth.daemon.core;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static io.berth.daemon.core.TestJobs.aQueuedSweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Thousands of jobs, written in any order, one by one or many at once: the index answers in id order. */
class JobIndexTest {
    private final JobIndex index = new JobIndex();

    @Test
    void jobsWrittenInAnyOrderAreListedInIdOrder() {
        List<Job> jobs = new ArrayList<>(aQueuedSweep(5_000));
        List<Job> shuffled = new ArrayList<>(jobs);
        Collections.shuffle(shuffled, new Random(14));
        index.putAll(shuffled.subList(0, 2_500));
        shuffled.subList(2_500, 5_000).forEach(job -> index.putAll(List.of(job)));

        assertThat(indexed(JobFilter.ALL)).isEqualTo(ids(jobs));
        assertThat(index.size()).isEqualTo(5_000);
    }

    @Test
    void changesAndRemovalsReachTheirJobsOnly() {
        List<Job> jobs = aQueuedSweep(3_000);
        index.putAll(jobs);
        Job claimed = jobs.get(1_500).claimed();
        index.putAll(List.of(claimed));
        List<String> stopped = List.of(jobs.get(0).id(), jobs.get(1_024).id(), jobs.get(2_999).id());
        index.stopped(stopped, Instant.now());
        index.stopped(List.of("0000000000000000"), Instant.now()); // not indexed: stays so
        jobs.subList(100, 2_000).forEach(job -> {
            if (job != jobs.get(1_024) && job != jobs.get(1_500)) {
                index.remove(job.id());
            }
        });

        assertThat(index.size()).isEqualTo(3_000 - 1_898);
        assertThat(indexed(new JobFilter(null, null, JobState.STOPPED))).isEqualTo(stopped);
        assertThat(indexed(new JobFilter(null, null, JobState.STARTING))).containsExactly(claimed.id());
        List<String> left = new ArrayList<>(ids(jobs.subList(0, 100)));
        left.addAll(List.of(jobs.get(1_024).id(), jobs.get(1_500).id()));
        left.addAll(ids(jobs.subList(2_000, 3_000)));
        assertThat(indexed(JobFilter.ALL)).isEqualTo(left);
    }

    @Test
    void aJobBeforeEveryOtherGoesFirst() {
        Job older = aQueuedJob();
        index.putAll(aQueuedSweep(2_000));
        index.putAll(List.of(older));

        assertThat(index.matching(JobFilter.ALL).get(0).id()).isEqualTo(older.id());
        index.matching(JobFilter.ALL).forEach(job -> index.remove(job.id()));
        assertThat(index.matching(JobFilter.ALL)).isEmpty();
        index.putAll(List.of(older));
        assertThat(indexed(JobFilter.ALL)).containsExactly(older.id());
    }

    private List<String> indexed(JobFilter filter) {
        return index.matching(filter).stream().map(IndexedJob::id).toList();
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }
}
