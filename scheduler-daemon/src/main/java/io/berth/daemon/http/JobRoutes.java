package io.berth.daemon.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobService;
import io.berth.daemon.core.JobViews;
import io.berth.daemon.core.Workspace;
import io.berth.wire.ClearQueueResponse;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.WireJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The /jobs and /queue routes: each one a call to {@link JobService}. */
public final class JobRoutes {
    private static final String JOB = ApiServer.BASE + "/jobs/{ref}";

    private final JobService jobs;
    private final Workspace workspace;
    private final LogStreamer logs;
    private final ObjectMapper json = WireJson.mapper();

    public JobRoutes(JobService jobs, Workspace workspace, LogStreamer logs) {
        this.jobs = jobs;
        this.workspace = workspace;
        this.logs = logs;
    }

    void register(Javalin app) {
        app.post(ApiServer.BASE + "/jobs", this::submit);
        app.get(ApiServer.BASE + "/jobs", ctx -> ctx.json(jobs.list().stream().map(JobViews::of).toList()));
        app.get(JOB, ctx -> ctx.json(JobViews.of(job(ctx))));
        app.get(JOB + "/logs", this::logs);
        app.post(JOB + "/stop", ctx -> ctx.status(202).json(JobViews.of(jobs.stop(ctx.pathParam("ref")))));
        app.delete(JOB, ctx -> {
            jobs.delete(ctx.pathParam("ref"));
            ctx.status(204);
        });
        app.get(JOB + "/archive", this::archive);
        app.delete(ApiServer.BASE + "/queue", ctx -> {
            List<String> removed = jobs.clearQueue();
            ctx.json(new ClearQueueResponse(removed.size(), removed));
        });
    }

    private void submit(Context ctx) throws IOException {
        SubmitJobRequest request;
        try {
            request = json.readValue(ctx.bodyInputStream(), SubmitJobRequest.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() == null
                    ? "[" + ref.getIndex() + "]" : ref.getFieldName()).collect(Collectors.joining("."));
            throw new InvalidSubmissionException((field.isEmpty() ? "body" : field) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSubmissionException("body: not JSON: " + e.getMessage());
        }
        ctx.status(201).json(JobViews.of(jobs.submit(request)));
    }

    private void logs(Context ctx) throws IOException {
        Job job = job(ctx);
        long offset = ctx.queryParamAsClass("offset", Long.class).getOrDefault(0L);
        boolean follow = ctx.queryParamAsClass("follow", Boolean.class).getOrDefault(false);
        ctx.header("X-Berth-Job-Id", job.id());
        ctx.contentType("text/plain; charset=utf-8");
        logs.stream(job, offset, follow, ctx.res().getOutputStream());
    }

    private void archive(Context ctx) throws IOException {
        Job job = job(ctx);
        Path archive = workspace.archiveFile(job.id())
                .filter(file -> job.state().isFinished())
                .orElseThrow(() -> new NoArchiveException("job " + job.id() + " is " + job.state().wireName()
                        + "; its archive is made when it ends"));
        ctx.header("X-Berth-Job-Id", job.id());
        ctx.header("Content-Length", Long.toString(Files.size(archive)));
        ctx.contentType("application/gzip");
        ctx.result(Files.newInputStream(archive));
    }

    private Job job(Context ctx) {
        return jobs.resolve(ctx.pathParam("ref"));
    }
}
