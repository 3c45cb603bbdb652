package io.berth.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobFilter;
import io.berth.daemon.core.JobService;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.JobSummary;
import io.berth.daemon.core.JobViews;
import io.berth.daemon.core.QueueEntry;
import io.berth.daemon.core.Workspace;
import io.berth.wire.ClearQueueResponse;
import io.berth.wire.MoveJobRequest;
import io.berth.wire.QueueEntryView;
import io.berth.wire.SubmitJobRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The /jobs and /queue routes: each one a call to {@link JobService}. */
public final class JobRoutes implements Routes {
    private static final String JOB = ApiServer.BASE + "/jobs/{ref}";
    private static final int QUEUE_BATCH = 500;

    private final JobService jobs;
    private final Workspace workspace;
    private final LogStreamer logs;
    private final LogEventStream logEvents;
    private final JsonBodies bodies;

    public JobRoutes(JobService jobs, Workspace workspace, LogStreamer logs, LogEventStream logEvents,
                     JsonBodies bodies) {
        this.jobs = jobs;
        this.workspace = workspace;
        this.logs = logs;
        this.logEvents = logEvents;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app) {
        app.post(ApiServer.BASE + "/jobs", this::submit);
        app.get(ApiServer.BASE + "/jobs", this::list);
        app.get(JOB, ctx -> {
            Job job = job(ctx);
            ctx.json(JobViews.of(job, jobs.summaries(List.of(job)).get(job.id())));
        });
        app.get(JOB + "/details", ctx -> {
            Job job = job(ctx);
            ctx.json(JobViews.details(job, jobs.results(job)));
        });
        app.get(JOB + "/logs", this::logs);
        app.get(JOB + "/logs/events", this::logEvents);
        app.post(JOB + "/stop", ctx -> ctx.status(202).json(JobViews.of(jobs.stop(ctx.pathParam("ref")))));
        app.delete(JOB, ctx -> {
            jobs.delete(ctx.pathParam("ref"));
            ctx.status(204);
        });
        app.get(JOB + "/archive", this::archive);
        app.post(JOB + "/move", ctx -> {
            MoveJobRequest move = bodies.read(ctx, MoveJobRequest.class);
            String ref = ctx.pathParam("ref");
            ctx.json(JobViews.of(move.front() ? jobs.moveToFront(ref) : jobs.moveBefore(ref, move.before())));
        });
        app.get(ApiServer.BASE + "/queue", this::queue);
        app.delete(ApiServer.BASE + "/queue", ctx -> {
            List<String> removed = jobs.clearQueue(filter(ctx));
            ctx.json(new ClearQueueResponse(removed.size(), removed));
        });
    }

    /**
     * {@code ?project=}: the whole queue in the order jobs will be considered, each with why it waits. Written as
     * it is read, {@link #QUEUE_BATCH} records at a time, so a long queue costs the server no more memory than a
     * page (GET /pages/queue pages it).
     */
    private void queue(Context ctx) throws IOException {
        List<QueueEntry.Place> places = jobs.queuePlaces(ctx.queryParam("project"));
        try (JsonGenerator out = StreamedJson.open(ctx)) {
            out.writeStartArray();
            for (int from = 0; from < places.size(); from += QUEUE_BATCH) {
                for (QueueEntry entry : jobs.entries(places.subList(from, Math.min(places.size(), from + QUEUE_BATCH)))) {
                    out.writeObject(view(entry));
                }
            }
            out.writeEndArray();
        }
    }

    static QueueEntryView view(QueueEntry entry) {
        return new QueueEntryView(entry.place(), JobViews.of(entry.job()), entry.reason(), entry.heldFor());
    }

    private void list(Context ctx) {
        List<Job> matching = jobs.list(filter(ctx));
        Map<String, JobSummary> summaries = jobs.summaries(matching);
        ctx.json(matching.stream().map(job -> JobViews.of(job, summaries.get(job.id()))).toList());
    }

    /** {@code ?project=&sweep=&state=}: a sweep may be named by a unique start of its id. */
    private JobFilter filter(Context ctx) {
        String sweep = ctx.queryParam("sweep");
        String state = ctx.queryParam("state");
        JobState wanted = state == null ? null : PageRoutes.state(state);
        return new JobFilter(ctx.queryParam("project"), sweep == null ? null : jobs.resolveSweep(sweep), wanted);
    }

    private void submit(Context ctx) {
        ctx.status(201).json(JobViews.of(jobs.submit(bodies.read(ctx, SubmitJobRequest.class))));
    }

    private void logs(Context ctx) throws IOException {
        Job job = job(ctx);
        long offset = ctx.queryParamAsClass("offset", Long.class).getOrDefault(0L);
        boolean follow = ctx.queryParamAsClass("follow", Boolean.class).getOrDefault(false);
        int attempt = attempt(ctx, job);
        ctx.header("X-Berth-Job-Id", job.id());
        ctx.header("X-Berth-Log-Attempt", Integer.toString(attempt));
        ctx.contentType("text/plain; charset=utf-8");
        logs.stream(job, attempt, offset, follow, ctx.res().getOutputStream());
    }

    /**
     * {@code ?attempt=}: server-sent events from that attempt's log (default: the latest) on, or from the offset
     * of {@code Last-Event-ID}, which a reconnecting {@code EventSource} sends.
     */
    private void logEvents(Context ctx) throws IOException {
        Job job = job(ctx);
        int attempt = attempt(ctx, job);
        String lastEventId = ctx.header("Last-Event-ID");
        Long resume;
        try {
            resume = lastEventId == null || lastEventId.isBlank() ? null : Long.valueOf(lastEventId.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSubmissionException("Last-Event-ID: '" + lastEventId + "' is not an offset of this stream");
        }
        ctx.header("X-Berth-Job-Id", job.id());
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no"); // a proxy that buffers would hold the events back
        ctx.contentType("text/event-stream; charset=utf-8");
        logEvents.stream(job, attempt, resume, ctx.res().getOutputStream());
    }

    /** {@code ?attempt=}, one the job has reached; its latest if not given. */
    private static int attempt(Context ctx, Job job) {
        int latest = LogStreamer.attemptOf(job);
        int attempt = ctx.queryParamAsClass("attempt", Integer.class).getOrDefault(latest);
        if (attempt < 1 || attempt > latest) {
            throw new InvalidSubmissionException("job " + job.id() + " has no attempt " + attempt + " (its latest is "
                    + latest + ")");
        }
        return attempt;
    }

    private void archive(Context ctx) throws IOException {
        Job job = job(ctx);
        Path archive = workspace.archiveFile(job.id())
                .filter(file -> job.state().isFinished())
                .orElseThrow(() -> new NoArchiveException(whyNoArchive(job)));
        ctx.header("X-Berth-Job-Id", job.id());
        ctx.header("Content-Length", Long.toString(Files.size(archive)));
        ctx.contentType("application/gzip");
        ctx.result(Files.newInputStream(archive));
    }

    private static String whyNoArchive(Job job) {
        if (!job.state().isFinished()) {
            return "job " + job.id() + " is " + job.state().wireName() + "; its archive is made when it ends";
        }
        if (job.state() == JobState.STOPPED && job.startedAt() == null) {
            return "job " + job.id() + " ended " + job.state().wireName() + " before it started and has no archive"
                    + " (berth get logs and job-details show what there is)";
        }
        return "the archive of job " + job.id() + " is gone (removed after the server's archive_retention)";
    }

    private Job job(Context ctx) {
        return jobs.resolve(ctx.pathParam("ref"));
    }
}
