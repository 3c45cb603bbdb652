package io.berth.daemon.core.admission;

/**
 * A queue in the two orders {@link AdmissionPolicy} considers jobs in, already sorted, so that a plan need
 * neither sort nor read the whole queue: it walks them lazily and stops when no slot is left.
 */
public interface QueueOrders {

    /** By priority, highest first; queue order (oldest first) within a priority. */
    Iterable<QueuedJob> byPriority();

    /** By {@link QueuedJob#queuedAt()}, longest-waiting first; queue order between equal times. */
    Iterable<QueuedJob> byAge();
}
