package io.berth.daemon.core;

import io.berth.daemon.core.admission.QueueOrders;
import io.berth.daemon.core.admission.QueuedJob;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The queued jobs in memory, kept in the orders admission walks them ({@link QueueOrders}) and in queue order,
 * so that the dispatcher decides and {@code get queue} pages without reading the queue from the store. Kept
 * current by {@link IndexedJobStore}, through which every write goes. Reads take no lock; a read during a
 * write may miss the job being written, which a claim's version check makes harmless.
 */
public final class QueueIndex {
    /** A queued job as admission sees it, with what queue filters and moves need. */
    public record Entry(QueuedJob job, long position, String project, String sweepId, long version) {
        static Entry of(Job job) {
            return new Entry(new QueuedJob(job.id(), job.requests().priorityOrDefault(), job.createdAt(),
                    Dispatcher.resourcesOf(job), job.requests().constraintsOrNone()), job.queuePosition(), job.project().intern(),
                    job.sweepId() == null ? null : job.sweepId().intern(), job.version());
        }

        public String id() {
            return job.jobId();
        }

        public int priority() {
            return job.priority();
        }
    }

    // the store's queue order: position, then id (a Redis sorted set's order for equal scores); written out
    // rather than composed, as a hundred thousand of them are compared at every clear-queue
    private static final Comparator<Entry> QUEUE_ORDER = (a, b) -> {
        int byPosition = Long.compare(a.position(), b.position());
        return byPosition != 0 ? byPosition : a.id().compareTo(b.id());
    };
    private static final Comparator<Entry> PRIORITY_ORDER = (a, b) -> {
        int byPriority = Integer.compare(b.priority(), a.priority());
        return byPriority != 0 ? byPriority : QUEUE_ORDER.compare(a, b);
    };
    private static final Comparator<Entry> AGE_ORDER = (a, b) -> {
        int byAge = a.job().queuedAt().compareTo(b.job().queuedAt());
        return byAge != 0 ? byAge : QUEUE_ORDER.compare(a, b);
    };

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final NavigableSet<Entry> inQueueOrder = new ConcurrentSkipListSet<>(QUEUE_ORDER);
    private final NavigableSet<Entry> byPriority = new ConcurrentSkipListSet<>(PRIORITY_ORDER);
    private final NavigableSet<Entry> byAge = new ConcurrentSkipListSet<>(AGE_ORDER);
    private final AtomicLong version = new AtomicLong();

    /** Takes in the job's latest version: queued, it is (again) in the queue at its place; else it is not. */
    void put(Job job) {
        removeEntry(job.id());
        if (job.state() == JobState.QUEUED) {
            Entry entry = Entry.of(job);
            byId.put(entry.id(), entry);
            inQueueOrder.add(entry);
            byPriority.add(entry);
            byAge.add(entry);
        }
        version.incrementAndGet();
    }

    void remove(String id) {
        removeEntry(id);
        version.incrementAndGet();
    }

    private void removeEntry(String id) {
        Entry old = byId.remove(id);
        if (old != null) {
            inQueueOrder.remove(old);
            byPriority.remove(old);
            byAge.remove(old);
        }
    }

    /** Moves on with every change: the same version means the same queue. */
    public long version() {
        return version.get();
    }

    public int size() {
        return byId.size();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public Optional<Entry> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The queued jobs in queue order (position), as the store keeps them. */
    public List<Entry> inQueueOrder() {
        return List.copyOf(inQueueOrder);
    }

    /** The jobs of one priority, in queue order. */
    public List<Entry> ofPriority(int priority) {
        return byPriority.stream().filter(entry -> entry.priority() == priority).toList();
    }

    /** The queue in admission's orders, leaving out the jobs {@code leaveOut} names; walked lazily. */
    public QueueOrders orders(Predicate<String> leaveOut) {
        return new QueueOrders() {
            @Override
            public Iterable<QueuedJob> byPriority() {
                return () -> byPriority.stream().map(Entry::job).filter(job -> !leaveOut.test(job.jobId())).iterator();
            }

            @Override
            public Iterable<QueuedJob> byAge() {
                return () -> byAge.stream().map(Entry::job).filter(job -> !leaveOut.test(job.jobId())).iterator();
            }
        };
    }
}
