package io.berth.daemon.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where jobs and the queue live. Every method is one atomic step: there is no moment in which a job
 * is in two states, or queued but unrecorded. Implementations: {@code RedisJobStore}, and an
 * in-memory one for unit tests; both pass {@code JobStoreContract}.
 */
public interface JobStore extends JobRecords {

    /** Records a new queued job and puts it at its place in the queue. Throws if the id exists. */
    default void insert(Job job) {
        insertAll(List.of(job));
    }

    /** Records new jobs (a sweep) all together or, if any id exists, none of them; then throws. */
    void insertAll(List<Job> jobs);

    /**
     * As {@link #insertAll}, unless an earlier insert with the same idempotency key was recorded (for a day):
     * then records nothing. Returns what the insert that counts recorded: {@code recordAs}, or the earlier
     * insert's.
     */
    String insertOnce(List<Job> jobs, String idempotencyKey, String recordAs);

    /** The jobs with these ids, in this order; ids not stored are left out. One read where the store can. */
    default List<Job> findAll(List<String> ids) {
        return ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** Ids that start with {@code prefix}, in id (= submission) order, at most {@code limit}. */
    List<String> idsWithPrefix(String prefix, int limit);

    /** How many ids start with {@code prefix}: an ambiguous prefix says how many it matched, not only the first few. */
    long countWithPrefix(String prefix);

    /** Every job, oldest first. */
    List<Job> all();

    /** Hands over every job, oldest first, without holding them all at once where the store can. */
    default void forEachJob(Consumer<Job> each) {
        all().forEach(each);
    }

    /** Ids of queued jobs by queue position (priority is the admission policy's business, not the store's). */
    List<String> queue();

    /** The queued jobs by queue position, as {@link #queue()}; one read where the store can. */
    default List<Job> queuedJobs() {
        return findAll(queue()).stream().filter(job -> job.state() == JobState.QUEUED).toList();
    }

    /**
     * Hands out {@code count} queue positions after every one handed out before, {@link #POSITION_GAP}
     * apart so a job can later be moved between two neighbours; returns the first.
     */
    long reservePositions(int count);

    /** Room between two consecutive new jobs' positions for jobs moved between them. */
    long POSITION_GAP = 1024;

    /** A queued job as the queue in memory knows it: its id, and the version it was queued at. */
    record QueuedRef(String id, long version) {}

    /**
     * Stops each of these jobs that is still queued at that version, as {@link Job#stopped(String, Instant)}
     * would (the others are left as they are), in as few steps as the store can. Returns the ids it stopped, in
     * the order given.
     */
    default List<String> stopQueued(List<QueuedRef> jobs, String why, Instant at) {
        List<String> stopped = new ArrayList<>();
        for (QueuedRef ref : jobs) {
            find(ref.id()).filter(job -> job.state() == JobState.QUEUED && job.version() == ref.version())
                    .filter(job -> replace(job, job.stopped(why, at)))
                    .ifPresent(job -> stopped.add(job.id()));
        }
        return stopped;
    }

    /** Removes a job's record if it still has {@code current.version()}; false otherwise. */
    boolean delete(Job current);
}
