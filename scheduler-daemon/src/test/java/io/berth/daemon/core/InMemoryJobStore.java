package io.berth.daemon.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The JobStore for unit tests: one lock makes every method atomic, as Redis's scripts do. */
public class InMemoryJobStore implements JobStore {
    private final TreeMap<String, Job> jobs = new TreeMap<>();
    private long positionsHandedOut;
    private final java.util.Map<String, String> submissions = new java.util.HashMap<>();

    @Override
    public synchronized void insertAll(List<Job> batch) {
        for (Job job : batch) {
            if (jobs.containsKey(job.id())) {
                throw new IllegalStateException("job " + job.id() + " already exists");
            }
        }
        batch.forEach(job -> jobs.put(job.id(), job));
    }

    @Override
    public synchronized String insertOnce(List<Job> batch, String idempotencyKey, String recordAs) {
        String earlier = submissions.get(idempotencyKey);
        if (earlier != null) {
            return earlier;
        }
        insertAll(batch);
        submissions.put(idempotencyKey, recordAs);
        return recordAs;
    }

    @Override
    public synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized List<String> idsWithPrefix(String prefix, int limit) {
        return jobs.tailMap(prefix, true).keySet().stream()
                .takeWhile(id -> id.startsWith(prefix))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long countWithPrefix(String prefix) {
        return jobs.tailMap(prefix, true).keySet().stream().takeWhile(id -> id.startsWith(prefix)).count();
    }

    @Override
    public synchronized List<Job> all() {
        return new ArrayList<>(jobs.values());
    }

    @Override
    public synchronized List<String> queue() {
        return jobs.values().stream()
                .filter(job -> job.state() == JobState.QUEUED)
                .sorted(Comparator.comparingLong(Job::queuePosition).thenComparing(Job::id))
                .map(Job::id)
                .toList();
    }

    @Override
    public synchronized long reservePositions(int count) {
        long first = (positionsHandedOut + 1) * POSITION_GAP;
        positionsHandedOut += count;
        return first;
    }

    @Override
    public synchronized boolean replace(Job current, Job next) {
        Job stored = jobs.get(current.id());
        if (stored == null || stored.version() != current.version()) {
            return false;
        }
        jobs.put(next.id(), next);
        return true;
    }

    @Override
    public synchronized boolean delete(Job current) {
        Job stored = jobs.get(current.id());
        if (stored == null || stored.version() != current.version()) {
            return false;
        }
        jobs.remove(current.id());
        return true;
    }
}
