package io.berth.daemon.http;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobFilter;
import io.berth.daemon.core.JobService;
import io.berth.daemon.core.JobSummary;
import io.berth.daemon.core.JobViews;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepView;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** /sweeps: queue a whole sweep in one request, read it, stop it, delete it. */
public final class SweepRoutes implements Routes {
    private static final String SWEEP = ApiServer.BASE + "/sweeps/{ref}";

    private final JobService jobs;
    private final JsonBodies bodies;

    public SweepRoutes(JobService jobs, JsonBodies bodies) {
        this.jobs = jobs;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app) {
        app.post(ApiServer.BASE + "/sweeps", this::submit);
        app.get(SWEEP, ctx -> ctx.json(view(jobs.resolveSweep(ctx.pathParam("ref")))));
        app.post(SWEEP + "/stop", ctx -> ctx.json(jobs.stopSweep(ctx.pathParam("ref"))));
        app.delete(SWEEP, ctx -> ctx.json(jobs.deleteSweep(ctx.pathParam("ref"))));
    }

    private void submit(Context ctx) throws IOException {
        List<Job> created = jobs.submitSweep(bodies.read(ctx, SubmitSweepRequest.class));
        ctx.status(201).json(new SweepView(created.get(0).sweepId(), created.stream().map(JobViews::of).toList()));
    }

    private SweepView view(String sweepId) {
        List<Job> members = jobs.list(new JobFilter(null, sweepId, null));
        Map<String, JobSummary> summaries = jobs.summaries(members);
        return new SweepView(sweepId, members.stream().map(job -> JobViews.of(job, summaries.get(job.id()))).toList());
    }
}
