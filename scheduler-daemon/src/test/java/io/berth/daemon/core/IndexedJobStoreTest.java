package io.berth.daemon.core;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decorator is a store like any other, and its index holds what the store holds after every write. */
class IndexedJobStoreTest extends JobStoreContract {
    @Override
    protected JobStore store() {
        return IndexedJobStore.over(new InMemoryJobStore());
    }

    private static List<String> indexed(IndexedJobStore store) {
        return store.index().matching(JobFilter.ALL).stream().map(IndexedJob::id).toList();
    }

    @Test
    void jobsStoredBeforeItOpensAreIndexed() {
        InMemoryJobStore plain = new InMemoryJobStore();
        Job first = aQueuedJob();
        Job second = aQueuedJob();
        plain.insertAll(List.of(second, first));

        assertThat(indexed(IndexedJobStore.over(plain))).containsExactly(first.id(), second.id());
    }

    @Test
    void theIndexFollowsInsertsChangesAndDeletes() {
        IndexedJobStore store = IndexedJobStore.over(new InMemoryJobStore());
        Job job = aQueuedJob();
        store.insert(job);
        Job finished = store.update(job, current -> current.stopped("user", Instant.now()));

        assertThat(store.index().matching(JobFilter.ALL)).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo(JobState.STOPPED));
        assertThat(store.replace(job, job.claimed())).as("a stale write").isFalse();
        assertThat(store.index().matching(JobFilter.ALL)).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo(JobState.STOPPED));

        assertThat(store.delete(job)).as("a stale delete").isFalse();
        assertThat(indexed(store)).containsExactly(job.id());
        assertThat(store.delete(finished)).isTrue();
        assertThat(indexed(store)).isEmpty();
    }

    @Test
    void aRepeatedSubmissionThatQueuesNothingIndexesNothing() {
        IndexedJobStore store = IndexedJobStore.over(new InMemoryJobStore());
        Job first = aQueuedJob();
        Job retry = aQueuedJob();
        store.insertOnce(List.of(first), "key-1", first.id());
        store.insertOnce(List.of(retry), "key-1", retry.id());

        assertThat(indexed(store)).containsExactly(first.id());
    }

    @Test
    void eachChangeOrDeleteThatReachesTheStoreIsHeard() {
        List<String> heard = new ArrayList<>();
        IndexedJobStore store = IndexedJobStore.over(new InMemoryJobStore(), heard::add);
        Job job = aQueuedJob();
        store.insert(job);
        Job finished = store.update(job, current -> current.stopped("user", Instant.now()));
        store.replace(job, job.claimed());
        store.delete(job);
        store.delete(finished);

        assertThat(heard).as("the change and the delete, not the stale writes").containsExactly(job.id(), job.id());
    }
}
