package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.JobSpec;
import io.berth.wire.ProjectView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Job tables filtered, ordered and paged in the index, reading only the page's jobs from the stores. */
class JobPagesTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private final CountingStore counted = new CountingStore();
    private final IndexedJobStore store = IndexedJobStore.over(counted);
    private final InMemoryJobResultsStore results = new InMemoryJobResultsStore();
    private final JobPages pages = new JobPages(store, results, Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));
    private long millis = T0.toEpochMilli();

    /** The in-memory store, counting how many jobs each read returns. */
    private static final class CountingStore implements JobStore {
        private final InMemoryJobStore store = new InMemoryJobStore();
        int jobsRead;

        @Override public void insertAll(List<Job> jobs) { store.insertAll(jobs); }
        @Override public String insertOnce(List<Job> jobs, String key, String as) { return store.insertOnce(jobs, key, as); }
        @Override public java.util.Optional<Job> find(String id) { jobsRead++; return store.find(id); }
        @Override public List<String> idsWithPrefix(String prefix, int limit) { return store.idsWithPrefix(prefix, limit); }
        @Override public long countWithPrefix(String prefix) { return store.countWithPrefix(prefix); }
        @Override public List<Job> all() { List<Job> all = store.all(); jobsRead += all.size(); return all; }
        @Override public List<String> queue() { return store.queue(); }
        @Override public long reservePositions(int count) { return store.reservePositions(count); }
        @Override public boolean replace(Job current, Job next) { return store.replace(current, next); }
        @Override public boolean delete(Job current) { return store.delete(current); }
    }

    /** A job queued a second after the one before, then taken through {@code life}. */
    private Job job(String project, String sweepId, Map<String, Object> params, Function<Job, Job> life) {
        Instant created = Instant.ofEpochMilli(millis += 1000);
        Job queued = Job.queued(JobIds.next(created), sweepId, project, List.of("train.py", "--data", "/mnist"), params,
                JobSpec.defaults(), "0".repeat(64), millis, created);
        store.insert(queued);
        return store.update(queued, current -> life.apply(current));
    }

    private Job queued(String project) {
        return job(project, null, Map.of(), j -> j);
    }

    /** Ran from {@code startedAt} seconds after T0 for {@code seconds}, exiting with {@code code}. */
    private Job ran(String project, int startedAt, int seconds, int code) {
        return job(project, null, Map.of(), j -> TestJobs.exited(j.claimed().started("c", T0.plusSeconds(startedAt)),
                code, T0.plusSeconds(startedAt + seconds)));
    }

    private List<String> ids(JobFilter filter, String sort, String order) {
        return pages.page(filter, JobSort.parse(sort, order), 0, JobPages.MAX_LIMIT).jobs().stream().map(Job::id).toList();
    }

    private static List<String> ids(Job... jobs) {
        return java.util.Arrays.stream(jobs).map(Job::id).toList();
    }

    @Test
    void aPageIsTheSliceAskedForWithTheTotalAndReadsOnlyItsOwnJobs() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            jobs.add(queued("demo"));
        }
        counted.jobsRead = 0;

        JobPages.Page page = pages.page(JobFilter.ALL, JobSort.parse(null, null), 2, 5);

        assertThat(page.total()).isEqualTo(12);
        assertThat(page.jobs()).extracting(Job::id).containsExactly(jobs.get(9).id(), jobs.get(8).id(),
                jobs.get(7).id(), jobs.get(6).id(), jobs.get(5).id());
        assertThat(page.summaries()).containsOnlyKeys(page.jobs().stream().map(Job::id).toList());
        assertThat(counted.jobsRead).isEqualTo(5);
        assertThat(pages.page(JobFilter.ALL, JobSort.parse("created", "asc"), 10, 5).jobs()).extracting(Job::id)
                .containsExactly(jobs.get(10).id(), jobs.get(11).id());
        assertThat(pages.page(JobFilter.ALL, JobSort.parse(null, null), 50, 5).jobs()).isEmpty();
        assertThat(pages.page(JobFilter.ALL, JobSort.parse(null, null), Integer.MAX_VALUE, 500).jobs()).isEmpty();
    }

    @Test
    void aPageTakesOneToFiveHundredJobsFromANonNegativeOffset() {
        assertThatThrownBy(() -> pages.page(JobFilter.ALL, JobSort.parse(null, null), 0, 0))
                .isInstanceOf(InvalidSubmissionException.class).hasMessage("limit: 0 is not between 1 and 500");
        assertThatThrownBy(() -> pages.page(JobFilter.ALL, JobSort.parse(null, null), 0, 501))
                .isInstanceOf(InvalidSubmissionException.class);
        assertThatThrownBy(() -> pages.page(JobFilter.ALL, JobSort.parse(null, null), -1, 10))
                .isInstanceOf(InvalidSubmissionException.class).hasMessage("offset: -1 is negative");
    }

    @Test
    void filtersTakeAProjectASweepSeveralStatesAndText() {
        Job mnist = job("mnist", null, Map.of("lr", 0.1), j -> j);
        Job sweepA = job("cifar", "01sweepaaaaaaaaa", Map.of("optimizer", "Adam"), j -> j.claimed());
        Job sweepB = job("cifar", "01sweepaaaaaaaaa", Map.of("optimizer", "sgd"), j -> j.stopped("user", T0));
        Job other = ran("cifar", 0, 10, 1);

        assertThat(ids(new JobFilter("cifar", null, Set.of(), null), null, "asc")).isEqualTo(ids(sweepA, sweepB, other));
        assertThat(ids(new JobFilter(null, "01sweepaaaaaaaaa", Set.of(), null), null, "asc")).isEqualTo(ids(sweepA, sweepB));
        assertThat(ids(new JobFilter(null, null, Set.of(JobState.STARTING, JobState.FAILED), null), null, "asc"))
                .isEqualTo(ids(sweepA, other));
        assertThat(ids(new JobFilter(null, null, Set.of(), "ADAM"), null, "asc")).as("params, any case")
                .isEqualTo(ids(sweepA));
        assertThat(ids(new JobFilter(null, null, Set.of(), "MNI"), null, "asc")).as("project and command")
                .isEqualTo(ids(mnist, sweepA, sweepB, other));
        assertThat(ids(new JobFilter(null, null, Set.of(), "\"lr\":0.1"), null, "asc")).isEqualTo(ids(mnist));
        assertThat(ids(new JobFilter(null, null, Set.of(), "sweepaaa"), null, "asc")).isEqualTo(ids(sweepA, sweepB));
        assertThat(ids(new JobFilter(null, null, Set.of(), other.id().substring(0, 14)), null, "asc"))
                .as("the start of an id").isEqualTo(ids(other));
        assertThat(ids(new JobFilter(null, null, Set.of(), other.id().substring(2)), null, "asc"))
                .as("not the middle of one").isEmpty();
        assertThat(pages.page(new JobFilter("cifar", null, Set.of(JobState.STOPPED, JobState.FAILED), null),
                JobSort.parse(null, null), 0, 1).total()).isEqualTo(2);
    }

    @Test
    void statusSortsInTheOrderOfAJobsLifeThenById() {
        Job done = ran("demo", 0, 5, 0);
        Job waiting = queued("demo");
        Job failed = ran("demo", 0, 5, 2);
        Job alsoWaiting = queued("demo");

        assertThat(ids(JobFilter.ALL, "status", "asc")).isEqualTo(ids(waiting, alsoWaiting, done, failed));
        assertThat(ids(JobFilter.ALL, "status", "desc")).isEqualTo(ids(failed, done, alsoWaiting, waiting));
    }

    @Test
    void jobsWithoutTheValueComeLastInEitherOrder() {
        Job quick = ran("demo", 100, 5, 0);
        Job waiting = queued("demo");
        Job slow = ran("demo", 50, 500, 3);
        Job running = job("demo", null, Map.of(), j -> j.claimed().started("c", T0.plusSeconds(3000)));

        assertThat(ids(JobFilter.ALL, "started", "asc")).isEqualTo(ids(slow, quick, running, waiting));
        assertThat(ids(JobFilter.ALL, "started", "desc")).isEqualTo(ids(running, quick, slow, waiting));
        assertThat(ids(JobFilter.ALL, "finished", "asc")).isEqualTo(ids(quick, slow, waiting, running));
        assertThat(ids(JobFilter.ALL, "exit", "desc")).isEqualTo(ids(slow, quick, running, waiting));
        assertThat(ids(JobFilter.ALL, "duration", "asc")).as("a running job's so far: 600 s")
                .isEqualTo(ids(quick, slow, running, waiting));
        assertThat(ids(JobFilter.ALL, "sweep", "asc")).isEqualTo(ids(quick, waiting, slow, running));
    }

    @Test
    void projectsSortByName() {
        Job b = queued("b");
        Job a = queued("a");
        Job c = queued("c");
        assertThat(ids(JobFilter.ALL, "project", "asc")).isEqualTo(ids(a, b, c));
        assertThat(ids(JobFilter.ALL, "project", "desc")).isEqualTo(ids(c, b, a));
    }

    @Test
    void aMetricSortsNumbersByValueBeforeTextAndJobsWithoutItLast() {
        Job high = queued("demo");
        Job none = queued("demo");
        Job text = queued("demo");
        Job low = queued("demo");
        results.append(high.id(), 0, 1, List.of(JobResultsStoreContract.metric("loss", 10, 0)));
        results.append(text.id(), 0, 1, List.of(JobResultsStoreContract.metric("loss", "nan", 0)));
        results.append(low.id(), 0, 1, List.of(JobResultsStoreContract.metric("loss", 9, 0),
                JobResultsStoreContract.metric("loss", 0.5, 1)));

        assertThat(ids(JobFilter.ALL, "metric:loss", "asc")).isEqualTo(ids(low, high, text, none));
        assertThat(ids(JobFilter.ALL, "metric:loss", "desc")).isEqualTo(ids(text, high, low, none));
    }

    @Test
    void aParamSortsByWhatTheJobLoggedElseWhatItWasSubmittedWith() {
        Job submittedSmall = job("demo", null, Map.of("lr", 0.01), j -> j);
        Job loggedLarge = job("demo", null, Map.of("lr", 0.001), j -> j);
        Job without = job("demo", null, Map.of("batch", 32), j -> j);
        Job submittedMiddle = job("demo", null, Map.of("lr", 0.1), j -> j);
        results.append(loggedLarge.id(), 0, 1, List.of(new JobEvent(JobEvent.Kind.PARAM, "lr", 0.5, null, T0, null,
                null)));

        assertThat(ids(JobFilter.ALL, "param:lr", "asc")).isEqualTo(ids(submittedSmall, submittedMiddle, loggedLarge,
                without));
        assertThat(ids(JobFilter.ALL, "param:lr", "desc")).isEqualTo(ids(loggedLarge, submittedMiddle, submittedSmall,
                without));
    }

    @Test
    void aSortOrOrderTheApiDoesNotKnowIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> JobSort.parse("size", null)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("sort: 'size' is not one of created, status, project, sweep, started, finished, exit, "
                        + "duration, metric:<key> or param:<key>");
        assertThatThrownBy(() -> JobSort.parse("metric:", null)).isInstanceOf(InvalidSubmissionException.class);
        assertThatThrownBy(() -> JobSort.parse("status:x", null)).isInstanceOf(InvalidSubmissionException.class);
        assertThatThrownBy(() -> JobSort.parse("status", "up")).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("order: 'up' is neither asc nor desc");
        assertThat(JobSort.parse("metric:val/loss:x", "asc")).isEqualTo(new JobSort(JobSort.Field.METRIC, "val/loss:x",
                false));
    }

    @Test
    void projectsCountJobsActiveJobsAndSweepsNewestFirst() {
        job("mnist", "01sweep000000000", Map.of(), j -> j);
        job("mnist", "01sweep000000000", Map.of(), j -> j.stopped("user", T0));
        job("mnist", "01sweep111111111", Map.of(), j -> j.claimed());
        Job last = ran("mnist", 0, 1, 0);
        queued("cifar");

        assertThat(store.index().projects()).containsExactly(
                new ProjectView("cifar", 1, 1, List.of(), Instant.ofEpochMilli(millis)),
                new ProjectView("mnist", 4, 2, List.of(new ProjectView.SweepCount("01sweep111111111", 1),
                        new ProjectView.SweepCount("01sweep000000000", 2)), last.createdAt()));
    }
}
