package io.berth.daemon.core;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a job table: the jobs are filtered and ordered in the {@link JobIndex}, then only the page's
 * records and results are read from the stores, one round trip each. Ordering by a metric or logged param
 * reads that one value of every matching job first (the index holds no results).
 */
public final class JobPages {
    public static final int MAX_LIMIT = 500;

    private final IndexedJobStore store;
    private final JobResultsStore results;
    private final Clock clock;

    /** @param total how many jobs the filter matches in all */
    public record Page(List<Job> jobs, Map<String, JobSummary> summaries, int total) {}

    public JobPages(IndexedJobStore store, JobResultsStore results, Clock clock) {
        this.store = store;
        this.results = results;
        this.clock = clock;
    }

    /**
     * @param offset how many matching jobs, in this order, come before the page
     * @param limit  how many jobs the page holds at most, 1 to {@link #MAX_LIMIT}
     */
    public Page page(JobFilter filter, JobSort sort, int offset, int limit) {
        checkBounds(offset, limit);
        List<IndexedJob> matching = store.index().matching(filter);
        matching.sort(order(sort, matching));
        List<String> ids = slice(matching, offset, limit).stream().map(IndexedJob::id).toList();
        return new Page(store.findAll(ids), results.summaries(ids), matching.size());
    }

    /** Refuses, naming the parameter, a negative offset or a limit that is not 1 to {@link #MAX_LIMIT}. */
    public static void checkBounds(int offset, int limit) {
        if (offset < 0) {
            throw new InvalidSubmissionException("offset: " + offset + " is negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidSubmissionException("limit: " + limit + " is not between 1 and " + MAX_LIMIT);
        }
    }

    /** The part of {@code all} after its first {@code offset} items, at most {@code limit} long. */
    public static <T> List<T> slice(List<T> all, int offset, int limit) {
        return all.subList(Math.min(offset, all.size()), (int) Math.min((long) offset + limit, all.size()));
    }

    private Comparator<IndexedJob> order(JobSort sort, List<IndexedJob> matching) {
        if (!sort.byResult()) {
            return sort.byField(clock.instant());
        }
        List<String> ids = matching.stream().map(IndexedJob::id).toList();
        if (sort.field() == JobSort.Field.METRIC) {
            return sort.byValue(results.latestValues(ids, JobEvent.Kind.METRIC, sort.key()));
        }
        // as tables show params: what the job logged, else what it was submitted with
        Map<String, Object> values = new HashMap<>(results.latestValues(ids, JobEvent.Kind.PARAM, sort.key()));
        for (IndexedJob job : matching) {
            if (!values.containsKey(job.id())) {
                Object submitted = job.param(sort.key());
                if (submitted != null) {
                    values.put(job.id(), submitted);
                }
            }
        }
        return sort.byValue(values);
    }
}
