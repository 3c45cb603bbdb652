package io.berth.daemon.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link JobStore} that keeps a {@link JobIndex} of the jobs it holds and a {@link QueueIndex} of the queued
 * ones: filled from the store once when opened, then updated by each write that succeeds. The server is the only writer of job records, so the
 * index stays what the store holds.
 *
 * <p>Writes are serialised: a write and the index's update happen together, so that two writes of one job
 * (a runner finishing it, a user deleting it) reach the index in the order they reached the store, and a
 * deleted job never comes back from a late update. Reads of jobs go to the store; the queue is read from memory.
 */
public final class IndexedJobStore implements JobStore {
    /** Jobs indexed at a time while filling the index: each time copies its list of chunks ({@link JobIndex}). */
    private static final int FILL_PAGE = 1_000;
    private final JobStore store;
    private final JobIndex index = new JobIndex();
    private final QueueIndex queue = new QueueIndex();
    private final Consumer<String> changed;

    private IndexedJobStore(JobStore store, Consumer<String> changed) {
        this.store = store;
        this.changed = changed;
    }

    /** Indexes every job the store holds; call before anything else writes to it. */
    public static IndexedJobStore over(JobStore store) {
        return over(store, id -> { });
    }

    /** As {@link #over(JobStore)}; {@code changed} hears the id of each job a write replaced or deleted. */
    public static IndexedJobStore over(JobStore store, Consumer<String> changed) {
        IndexedJobStore indexed = new IndexedJobStore(store, changed);
        List<Job> page = new ArrayList<>(FILL_PAGE);
        store.forEachJob(job -> {
            page.add(job);
            if (page.size() == FILL_PAGE) {
                indexed.indexed(page);
                page.clear();
            }
        });
        indexed.indexed(page);
        return indexed;
    }

    public JobIndex index() {
        return index;
    }

    public QueueIndex queueIndex() {
        return queue;
    }

    private void indexed(List<Job> jobs) {
        index.putAll(jobs);
        jobs.forEach(queue::put);
    }

    @Override
    public synchronized void insertAll(List<Job> jobs) {
        store.insertAll(jobs);
        indexed(jobs);
    }

    @Override
    public synchronized String insertOnce(List<Job> jobs, String idempotencyKey, String recordAs) {
        String recorded = store.insertOnce(jobs, idempotencyKey, recordAs);
        if (recorded.equals(recordAs)) {
            indexed(jobs);
        }
        return recorded;
    }

    @Override
    public synchronized boolean replace(Job current, Job next) {
        boolean replaced = store.replace(current, next);
        if (replaced) {
            indexed(List.of(next));
            changed.accept(next.id());
        }
        return replaced;
    }

    @Override
    public synchronized List<String> stopQueued(List<QueuedRef> jobs, String why, Instant at) {
        List<String> stopped = store.stopQueued(jobs, why, at);
        index.stopped(stopped, at);
        for (String id : stopped) {
            queue.remove(id);
            changed.accept(id);
        }
        return stopped;
    }

    @Override
    public synchronized boolean delete(Job current) {
        boolean deleted = store.delete(current);
        if (deleted) {
            index.remove(current.id());
            queue.remove(current.id());
            changed.accept(current.id());
        }
        return deleted;
    }

    @Override
    public Optional<Job> find(String id) {
        return store.find(id);
    }

    @Override
    public List<Job> findAll(List<String> ids) {
        return store.findAll(ids);
    }

    @Override
    public List<String> idsWithPrefix(String prefix, int limit) {
        return store.idsWithPrefix(prefix, limit);
    }

    @Override
    public long countWithPrefix(String prefix) {
        return store.countWithPrefix(prefix);
    }

    @Override
    public List<Job> all() {
        return store.all();
    }

    @Override
    public void forEachJob(Consumer<Job> each) {
        store.forEachJob(each);
    }

    /** The queue as this server last wrote it: from memory. */
    @Override
    public List<String> queue() {
        return queue.inQueueOrder().stream().map(QueueIndex.Entry::id).toList();
    }

    @Override
    public long reservePositions(int count) {
        return store.reservePositions(count);
    }
}
