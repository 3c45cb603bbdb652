package io.berth.daemon.core;

import io.berth.wire.ValueOrder;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The order of a job table: by one field or by one metric's or param's value, ascending or descending. Jobs
 * without a value for it (never started, no sweep, no such metric) come last either way; ties go by id, in
 * the same direction.
 *
 * @param key the metric's or param's name; null for the other fields
 */
public record JobSort(Field field, String key, boolean descending) {
    /** What a table sorts by, as the API names it. */
    public enum Field {
        CREATED, STATUS, PROJECT, SWEEP, STARTED, FINISHED, EXIT, DURATION, METRIC, PARAM;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String NAMES = "created, status, project, sweep, started, finished, exit, duration, "
            + "metric:<key> or param:<key>";

    public JobSort {
        if ((field == Field.METRIC || field == Field.PARAM) != (key != null && !key.isEmpty())) {
            throw new InvalidSubmissionException("sort: " + field.wireName() + (key == null ? "" : ":" + key)
                    + " is not one of " + NAMES);
        }
    }

    /**
     * @param name  as the API takes it: {@code status}, {@code metric:loss}; null for submission order
     * @param order {@code asc} or {@code desc}; null for {@code desc}
     */
    public static JobSort parse(String name, String order) {
        boolean descending = order == null || order.equals("desc");
        if (!descending && !order.equals("asc")) {
            throw new InvalidSubmissionException("order: '" + order + "' is neither asc nor desc");
        }
        if (name == null || name.isEmpty()) {
            return new JobSort(Field.CREATED, null, descending);
        }
        int colon = name.indexOf(':');
        String field = colon < 0 ? name : name.substring(0, colon);
        for (Field candidate : Field.values()) {
            if (candidate.wireName().equals(field)) {
                return new JobSort(candidate, colon < 0 ? null : name.substring(colon + 1), descending);
            }
        }
        throw new InvalidSubmissionException("sort: '" + name + "' is not one of " + NAMES);
    }

    /** Whether the order needs a result value of each job ({@link #byValue}) rather than the index alone. */
    public boolean byResult() {
        return field == Field.METRIC || field == Field.PARAM;
    }

    /** The order by a field the index holds; {@code now} measures how long running jobs have run. */
    public Comparator<IndexedJob> byField(Instant now) {
        return switch (field) {
            case CREATED -> byId();
            case STATUS -> by(IndexedJob::state);
            case PROJECT -> by(IndexedJob::project);
            case SWEEP -> by(IndexedJob::sweepId);
            case STARTED -> by(IndexedJob::startedAt);
            case FINISHED -> by(IndexedJob::finishedAt);
            case EXIT -> by(IndexedJob::exitCode);
            case DURATION -> by(job -> job.duration(now));
            case METRIC, PARAM -> throw new IllegalStateException("sorting by a " + field.wireName() + " needs its values");
        };
    }

    /** The order by each job's value of the metric or param, as {@link ValueOrder} has it. */
    public Comparator<IndexedJob> byValue(Map<String, Object> values) {
        Comparator<Object> ordered = descending ? ValueOrder.NUMBERS_FIRST.reversed() : ValueOrder.NUMBERS_FIRST;
        return Comparator.<IndexedJob, Object>comparing(job -> values.get(job.id()), Comparator.nullsLast(ordered))
                .thenComparing(byId());
    }

    private <T extends Comparable<? super T>> Comparator<IndexedJob> by(Function<IndexedJob, T> value) {
        Comparator<T> ordered = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return Comparator.comparing(value, Comparator.nullsLast(ordered)).thenComparing(byId());
    }

    private Comparator<IndexedJob> byId() {
        Comparator<IndexedJob> byId = Comparator.comparing(IndexedJob::id);
        return descending ? byId.reversed() : byId;
    }
}
