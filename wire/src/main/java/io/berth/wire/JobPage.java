package io.berth.wire;

import java.util.List;

/**
 * GET /pages/jobs: one page of the jobs a filter matches, in the order asked for.
 *
 * @param total  how many jobs match the filter in all (the page holds at most {@code limit} of them)
 * @param offset how many matching jobs come before the page's first
 */
public record JobPage(List<JobView> jobs, int total, int offset, int limit) {
    public JobPage {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
