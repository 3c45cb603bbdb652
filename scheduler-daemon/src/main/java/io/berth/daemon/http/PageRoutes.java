package io.berth.daemon.http;

import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.daemon.core.JobFilter;
import io.berth.daemon.core.JobIndex;
import io.berth.daemon.core.JobPages;
import io.berth.daemon.core.JobService;
import io.berth.daemon.core.JobSort;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.JobViews;
import io.berth.daemon.core.QueueEntry;
import io.berth.wire.JobPage;
import io.berth.wire.QueuePage;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What job tables page through: GET /pages/jobs, and GET /projects for their filters. */
public final class PageRoutes implements Routes {
    static final int DEFAULT_LIMIT = 50;

    private final JobService jobs;
    private final JobPages pages;
    private final JobIndex index;

    public PageRoutes(JobService jobs, JobPages pages, JobIndex index) {
        this.jobs = jobs;
        this.pages = pages;
        this.index = index;
    }

    @Override
    public void register(Javalin app) {
        app.get(ApiServer.BASE + "/pages/jobs", this::jobs);
        app.get(ApiServer.BASE + "/pages/queue", this::queue);
        app.get(ApiServer.BASE + "/projects", ctx -> ctx.json(index.projects()));
    }

    /** {@code ?offset=&limit=&project=}: a page of the queue in the order the server will consider it. */
    private void queue(Context ctx) {
        int offset = number(ctx, "offset", 0);
        int limit = number(ctx, "limit", DEFAULT_LIMIT);
        JobPages.checkBounds(offset, limit);
        List<QueueEntry.Place> places = jobs.queuePlaces(param(ctx, "project"));
        ctx.json(new QueuePage(jobs.entries(JobPages.slice(places, offset, limit)).stream().map(JobRoutes::view).toList(), places.size(), offset, limit));
    }

    /** {@code ?offset=&limit=&project=&sweep=&state=&q=&sort=&order=}; an empty parameter is no parameter. */
    private void jobs(Context ctx) {
        String sweep = param(ctx, "sweep");
        JobFilter filter = new JobFilter(param(ctx, "project"), sweep == null ? null : jobs.resolveSweep(sweep),
                states(param(ctx, "state")), param(ctx, "q"));
        JobSort sort = JobSort.parse(param(ctx, "sort"), param(ctx, "order"));
        int offset = number(ctx, "offset", 0);
        int limit = number(ctx, "limit", DEFAULT_LIMIT);
        JobPages.Page page = pages.page(filter, sort, offset, limit);
        ctx.json(new JobPage(page.jobs().stream().map(job -> JobViews.of(job, page.summaries().get(job.id()))).toList(),
                page.total(), offset, limit));
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A comma list of states, {@code running,failed}. */
    static Set<JobState> states(String list) {
        if (list == null) {
            return Set.of();
        }
        return Arrays.stream(list.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .map(PageRoutes::state).collect(Collectors.toSet());
    }

    static JobState state(String name) {
        try {
            return JobState.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidSubmissionException("state: '" + name
                    + "' is not a state (queued, starting, running, completed, failed, stopped)");
        }
    }

    private static int number(Context ctx, String name, int otherwise) {
        String value = param(ctx, name);
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidSubmissionException(name + ": '" + value + "' is not a whole number");
        }
    }
}
