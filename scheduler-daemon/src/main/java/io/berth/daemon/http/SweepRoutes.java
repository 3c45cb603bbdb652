package io.berth.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
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
import java.util.Arrays;
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
        app.get(SWEEP + "/progress", ctx -> ctx.json(jobs.sweepCounts(jobs.resolveSweep(ctx.pathParam("ref")))));
        app.post(SWEEP + "/stop", ctx -> ctx.json(jobs.stopSweep(ctx.pathParam("ref"))));
        app.delete(SWEEP, ctx -> ctx.json(jobs.deleteSweep(ctx.pathParam("ref"))));
    }

    /**
     * 201 with the sweep's jobs, written as they are turned into views; with {@code Prefer: return=minimal}
     * (RFC 7240), as Berth's clients send, the id only and no jobs: a sweep of 100,000 jobs is 44 MB of views.
     */
    private void submit(Context ctx) throws IOException {
        List<Job> created = jobs.submitSweep(bodies.read(ctx, SubmitSweepRequest.class));
        String sweepId = created.get(0).sweepId();
        ctx.status(201).header("Location", ApiServer.BASE + "/sweeps/" + sweepId);
        if (prefersMinimal(ctx)) {
            ctx.header("Preference-Applied", "return=minimal").json(new SweepView(sweepId, List.of()));
            return;
        }
        try (JsonGenerator out = StreamedJson.open(ctx)) {
            out.writeStartObject();
            out.writeStringField("id", sweepId);
            out.writeArrayFieldStart("jobs");
            for (Job job : created) {
                out.writeObject(JobViews.of(job));
            }
            out.writeEndArray();
            out.writeEndObject();
        }
    }

    private static boolean prefersMinimal(Context ctx) {
        String prefer = ctx.header("Prefer");
        return prefer != null && Arrays.stream(prefer.split(","))
                .anyMatch(preference -> preference.strip().equalsIgnoreCase("return=minimal"));
    }

    private SweepView view(String sweepId) {
        List<Job> members = jobs.list(new JobFilter(null, sweepId, null));
        Map<String, JobSummary> summaries = jobs.summaries(members);
        return new SweepView(sweepId, members.stream().map(job -> JobViews.of(job, summaries.get(job.id()))).toList());
    }
}
