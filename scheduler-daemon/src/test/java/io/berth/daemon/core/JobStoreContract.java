package io.berth.daemon.core;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} must do. Each implementation's test extends this. */
public abstract class JobStoreContract {

    /** A fresh, empty store. */
    protected abstract JobStore store();

    @Test
    void insertedJobIsFoundWithEveryField() {
        JobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        assertThat(store.find(job.id())).contains(job);
        assertThat(store.find(job.id()).orElseThrow().params()).isEqualTo(Map.of("lr", 0.1));
    }

    @Test
    void findAllGivesTheStoredJobsInTheOrderAskedLeavingOutUnknownIds() {
        JobStore store = store();
        Job first = aQueuedJob();
        Job second = aQueuedJob();
        store.insertAll(List.of(first, second));
        Job claimed = second.claimed();
        store.replace(second, claimed);

        assertThat(store.findAll(List.of(second.id(), "0000000000000000", first.id()))).containsExactly(claimed, first);
        assertThat(store.findAll(List.of())).isEmpty();
    }

    @Test
    void unknownJobIsNotFound() {
        assertThat(store().find("0000000000000000")).isEmpty();
    }

    @Test
    void insertingAnExistingIdThrows() {
        JobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        assertThatThrownBy(() -> store.insert(job)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void queueIsInSubmissionOrderAndHoldsOnlyQueuedJobs() {
        JobStore store = store();
        Job first = aQueuedJob();
        Job second = aQueuedJob();
        Job third = aQueuedJob();
        store.insert(second);
        store.insert(first);
        store.insert(third);
        assertThat(store.queue()).containsExactly(first.id(), second.id(), third.id());

        assertThat(store.replace(second, second.claimed())).isTrue();
        assertThat(store.queue()).containsExactly(first.id(), third.id());
        assertThat(store.all()).extracting(Job::id).containsExactly(first.id(), second.id(), third.id());
    }

    @Test
    void replaceRefusesAStaleVersionAndChangesNothing() {
        JobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        Job claimed = job.claimed();
        assertThat(store.replace(job, claimed)).isTrue();
        assertThat(store.replace(job, job.stopped("late", Instant.now()))).isFalse();
        assertThat(store.find(job.id())).contains(claimed);
        assertThat(store.queue()).isEmpty();
    }

    @Test
    void concurrentClaimsOfOneJobHaveExactlyOneWinner() throws Exception {
        JobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        AtomicInteger winners = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> claims = java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> pool.submit(() -> {
                        if (store.replace(job, job.claimed())) {
                            winners.incrementAndGet();
                        }
                    }))
                    .<Future<?>>map(f -> f)
                    .toList();
            for (Future<?> claim : claims) {
                claim.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(winners).hasValue(1);
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.STARTING);
    }

    @Test
    void aMovedJobWaitsAtItsNewPositionAndQueuedJobsComeInQueueOrder() {
        JobStore store = store();
        Job first = aQueuedJob();
        Job second = aQueuedJob();
        Job third = aQueuedJob();
        store.insertAll(List.of(first, second, third));
        Job moved = third.movedTo(first.queuePosition() - 1);
        assertThat(store.replace(third, moved)).isTrue();

        assertThat(store.queue()).containsExactly(third.id(), first.id(), second.id());
        assertThat(store.queuedJobs()).containsExactly(moved, first, second);
        assertThatThrownBy(() -> first.claimed().movedTo(0)).isInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void queuedJobsShowEveryWriteAtOnceHoweverOftenTheyAreRead() {
        JobStore store = store();
        Job first = aQueuedJob();
        Job second = aQueuedJob();
        store.insert(first);
        assertThat(store.queuedJobs()).containsExactly(first);
        assertThat(store.queuedJobs()).containsExactly(first);

        store.insertAll(List.of(second));
        assertThat(store.queuedJobs()).containsExactly(first, second);

        Job moved = second.movedTo(first.queuePosition() - 1);
        store.replace(second, moved);
        assertThat(store.queuedJobs()).containsExactly(moved, first);

        Job claimed = first.claimed();
        store.replace(first, claimed);
        assertThat(store.queuedJobs()).containsExactly(moved);

        Job requeued = claimed.requeued("lost");
        store.replace(claimed, requeued);
        assertThat(store.queuedJobs()).containsExactly(moved, requeued);

        Job stopped = moved.stopped("stopped by user", Instant.now());
        store.replace(moved, stopped);
        assertThat(store.queuedJobs()).containsExactly(requeued);

        Job marked = requeued.withStopRequested();
        store.replace(requeued, marked);
        assertThat(store.queuedJobs()).containsExactly(marked);

        store.delete(stopped);
        assertThat(store.queuedJobs()).containsExactly(marked);
    }

    @Test
    void anInsertWithAnIdempotencyKeyAlreadyUsedInsertsNothingAndNamesTheFirst() {
        JobStore store = store();
        Job first = aQueuedJob();
        Job retry = aQueuedJob();
        assertThat(store.insertOnce(List.of(first), "key-00000001", first.id())).isEqualTo(first.id());
        assertThat(store.insertOnce(List.of(retry), "key-00000001", retry.id())).isEqualTo(first.id());
        assertThat(store.find(retry.id())).isEmpty();
        assertThat(store.queue()).containsExactly(first.id());
        assertThat(store.insertOnce(List.of(retry), "key-00000002", retry.id())).isEqualTo(retry.id());
    }

    @Test
    void positionsAreHandedOutInIncreasingOrderAndNeverTwice() {
        JobStore store = store();
        long a = store.reservePositions(2);
        long b = store.reservePositions(1);
        assertThat(b).isGreaterThanOrEqualTo(a + 2 * JobStore.POSITION_GAP);
    }

    @Test
    void requeuedJobReturnsToItsPlaceInTheQueue() {
        JobStore store = store();
        Job first = aQueuedJob();
        Job second = aQueuedJob();
        store.insert(first);
        store.insert(second);
        Job claimed = first.claimed();
        store.replace(first, claimed);
        Job requeued = claimed.requeued("container lost");
        assertThat(store.replace(claimed, requeued)).isTrue();
        assertThat(store.queue()).containsExactly(first.id(), second.id());
    }

    @Test
    void prefixesFindMatchingIdsInOrder() {
        JobStore store = store();
        Job a = aQueuedJob();
        Job b = aQueuedJob();
        store.insert(a);
        store.insert(b);
        assertThat(store.idsWithPrefix(a.id(), 10)).containsExactly(a.id());
        String common = commonPrefix(a.id(), b.id());
        assertThat(store.idsWithPrefix(common, 10)).containsExactly(a.id(), b.id());
        assertThat(store.idsWithPrefix(common, 1)).containsExactly(a.id());
        assertThat(store.idsWithPrefix("zzzz", 10)).isEmpty();
        assertThat(store.countWithPrefix(common)).isEqualTo(2);
        assertThat(store.countWithPrefix(a.id())).isEqualTo(1);
        assertThat(store.countWithPrefix("zzzz")).isZero();
    }

    @Test
    void stopQueuedStopsTheJobsStillQueuedAtTheirVersionAndLeavesTheOthers() {
        JobStore store = store();
        Job first = aQueuedJob();
        Job second = aQueuedJob();
        Job third = aQueuedJob();
        Job fourth = aQueuedJob();
        store.insertAll(List.of(first, second, third, fourth));
        Job claimed = second.claimed();
        store.replace(second, claimed); // someone else got there first
        Job moved = store.update(fourth, job -> job.movedTo(1)); // a newer version than the one given below
        Instant at = Instant.parse("2026-12-06T03:04:05.123456789Z");

        List<String> stopped = store.stopQueued(List.of(first, second, third, fourth).stream()
                .map(job -> new JobStore.QueuedRef(job.id(), job.version())).toList(), "cleared by a test", at);

        assertThat(stopped).containsExactly(first.id(), third.id());
        Job stoppedFirst = store.find(first.id()).orElseThrow();
        assertThat(stoppedFirst).isEqualTo(first.stopped("cleared by a test", at));
        assertThat(stoppedFirst.version()).isEqualTo(first.version() + 1);
        assertThat(store.findAll(List.of(third.id(), second.id(), fourth.id())))
                .containsExactly(third.stopped("cleared by a test", at), claimed, moved);
        assertThat(store.queue()).containsExactly(fourth.id());
        assertThat(store.all()).contains(stoppedFirst);
        assertThat(store.delete(first)).as("a stale delete").isFalse();
        assertThat(store.delete(stoppedFirst)).isTrue();
        assertThat(store.find(first.id())).isEmpty();
    }

    @Test
    void forEachJobHandsOverEveryJobInOrderAsAllDoes() {
        JobStore store = store();
        store.insertAll(TestJobs.aQueuedSweep(1_201)); // more than one page of the Redis store
        Job claimed = store.update(store.all().get(600), Job::claimed);

        List<Job> each = new java.util.ArrayList<>();
        store.forEachJob(each::add);

        assertThat(each).hasSize(1_201).containsExactlyElementsOf(store.all()).contains(claimed);
    }

    @Test
    void deleteRemovesTheRecordOnlyAtTheExpectedVersion() {
        JobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        Job stopped = job.stopped("user", Instant.now());
        store.replace(job, stopped);
        assertThat(store.delete(job)).isFalse();
        assertThat(store.delete(stopped)).isTrue();
        assertThat(store.find(job.id())).isEmpty();
        assertThat(store.idsWithPrefix(job.id(), 10)).isEmpty();
        assertThat(store.all()).isEmpty();
    }

    @Test
    void aSweepIsInsertedWholeOrNotAtAll() {
        JobStore store = store();
        Job existing = aQueuedJob();
        store.insert(existing);
        Job a = aQueuedJob();
        Job b = aQueuedJob();
        assertThatThrownBy(() -> store.insertAll(List.of(a, existing, b))).isInstanceOf(RuntimeException.class);
        assertThat(store.find(a.id())).isEmpty();
        assertThat(store.queue()).containsExactly(existing.id());

        store.insertAll(List.of(a, b));
        assertThat(store.queue()).containsExactly(existing.id(), a.id(), b.id());
        assertThat(store.find(b.id())).contains(b);
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, Math.max(1, i));
    }
}
