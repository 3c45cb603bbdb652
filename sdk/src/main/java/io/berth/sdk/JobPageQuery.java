package io.berth.sdk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One page of a job table, as {@code GET /pages/jobs} takes it (docs/api.md): which jobs (project, a unique
 * start of a sweep id, states, a text), in which order ({@code created}, {@code status}, ...,
 * {@code metric:<key>}, {@code param:<key>}), and which slice. Null filters match everything.
 */
public record JobPageQuery(String project, String sweep, List<String> states, String text, String sort,
                           boolean descending, int offset, int limit) {
    /** The most a page holds. */
    public static final int MAX_LIMIT = 500;

    public JobPageQuery {
        states = states == null ? List.of() : List.copyOf(states);
        Objects.requireNonNull(sort, "sort");
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("a page starts at an offset of 0 or more and holds 1 to " + MAX_LIMIT
                    + " jobs, not offset " + offset + " and limit " + limit);
        }
    }

    /** The newest {@code limit} jobs the query matches. */
    public static JobPageQuery newest(JobQuery query, int limit) {
        return new JobPageQuery(query.project(), query.sweep(), query.state() == null ? List.of() : List.of(query.state()),
                null, "created", true, 0, limit);
    }

    /** The oldest {@code limit} jobs the query matches, in submission order. */
    public static JobPageQuery oldest(JobQuery query, int limit) {
        return newest(query, limit).orderedBy("created", false);
    }

    public JobPageQuery orderedBy(String newSort, boolean newDescending) {
        return new JobPageQuery(project, sweep, states, text, newSort, newDescending, offset, limit);
    }

    public JobPageQuery withText(String newText) {
        return new JobPageQuery(project, sweep, states, newText, sort, descending, offset, limit);
    }

    public JobPageQuery withStates(List<String> newStates) {
        return new JobPageQuery(project, sweep, newStates, text, sort, descending, offset, limit);
    }

    /** The page that starts {@code newOffset} matching jobs in. */
    public JobPageQuery at(int newOffset) {
        return new JobPageQuery(project, sweep, states, text, sort, descending, newOffset, limit);
    }

    String toQueryString() {
        List<String> parts = new ArrayList<>(List.of("offset=" + offset, "limit=" + limit));
        add(parts, "project", project);
        add(parts, "sweep", sweep);
        add(parts, "state", states.isEmpty() ? null : String.join(",", states));
        add(parts, "q", text);
        add(parts, "sort", sort);
        parts.add("order=" + (descending ? "desc" : "asc"));
        return "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null) {
            parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
