package io.berth.daemon.core;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.core.admission.QueuedJob;
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

    @Test
    void theQueueInMemoryFollowsEveryWriteInEachOrder() {
        IndexedJobStore store = IndexedJobStore.over(new InMemoryJobStore());
        Job older = aQueuedJob();
        Job urgent = withPriority(aQueuedJob(), 5);
        Job newer = aQueuedJob();
        store.insertAll(List.of(older, urgent, newer));
        QueueIndex queue = store.queueIndex();

        assertThat(ids(queue.orders(id -> false).byPriority())).containsExactly(urgent.id(), older.id(), newer.id());
        assertThat(ids(queue.orders(id -> false).byAge())).containsExactly(older.id(), urgent.id(), newer.id());
        assertThat(ids(queue.orders(urgent.id()::equals).byPriority())).containsExactly(older.id(), newer.id());
        long before = queue.version();

        Job moved = store.update(newer, current -> current.movedTo(older.queuePosition() - JobStore.POSITION_GAP));
        assertThat(store.stopQueued(List.of(new JobStore.QueuedRef(urgent.id(), urgent.version())), "cleared",
                Instant.now())).containsExactly(urgent.id());
        assertThat(store.index().matching(new JobFilter(null, null, JobState.STOPPED))).extracting(IndexedJob::id)
                .containsExactly(urgent.id());
        assertThat(queue.version()).isGreaterThan(before);
        assertThat(queue.inQueueOrder()).extracting(QueueIndex.Entry::id).containsExactly(moved.id(), older.id());
        assertThat(store.queue()).containsExactly(moved.id(), older.id());

        Job claimed = store.update(older, Job::claimed);
        assertThat(queue.find(older.id())).isEmpty();
        store.update(claimed, current -> current.requeued("the engine went away"));
        assertThat(store.queue()).containsExactly(moved.id(), older.id());
        assertThat(IndexedJobStore.over(store).queueIndex().inQueueOrder()).as("as the store holds it")
                .extracting(QueueIndex.Entry::id).containsExactly(moved.id(), older.id());
    }

    private static Job withPriority(Job job, int priority) {
        return job.toBuilder().spec(job.spec().withRequests(job.requests().withPriority(priority))).build();
    }

    private static List<String> ids(Iterable<QueuedJob> jobs) {
        List<String> ids = new ArrayList<>();
        jobs.forEach(job -> ids.add(job.jobId()));
        return ids;
    }
}
