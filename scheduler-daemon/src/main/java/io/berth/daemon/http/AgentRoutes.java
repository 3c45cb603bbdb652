package io.berth.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.cluster.AgentJobs;
import io.berth.daemon.cluster.AgentProtocol;
import io.berth.daemon.cluster.AgentRegistry;
import io.berth.daemon.cluster.AgentWork;
import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobConflictException;
import io.berth.daemon.core.JobRecords;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.ResultsSink;
import io.berth.wire.AgentReport;
import io.berth.wire.WireJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * PUT /agents/{name}: an agent's heartbeat, answered with its lease; GET /agents: every agent and its state;
 * GET /agents/{name}: one. And what an agent calls to run the jobs the head gives it (docs/cluster.md), each
 * fenced by {@link AgentJobs}: POST .../work (a long poll for jobs to run and stop), GET and PUT .../jobs/{id} (the
 * job's record), POST .../jobs/{id}/log, POST .../jobs/{id}/results/{call}, PUT .../jobs/{id}/archive and
 * GET .../bundles/{digest}. Only the agent's own token may make them ({@link RequestGuard}).
 */
public final class AgentRoutes implements Routes {
    /** The longest a poll for work may wait; an agent asks for less. */
    static final Duration MAX_POLL = Duration.ofSeconds(30);
    private static final String AGENT = ApiServer.BASE + "/agents/{name}";

    private final AgentRegistry agents;
    private final AgentWork work;
    private final AgentJobs jobs;
    private final JobRecords store;
    private final JsonBodies bodies;
    private final ObjectMapper json = WireJson.mapper();

    public AgentRoutes(AgentRegistry agents, AgentWork work, AgentJobs jobs, JobRecords store, JsonBodies bodies) {
        this.agents = agents;
        this.work = work;
        this.jobs = jobs;
        this.store = store;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app) {
        app.put(AGENT, this::beat);
        app.get(ApiServer.BASE + "/agents", ctx -> ctx.json(agents.agents()));
        app.get(AGENT, ctx -> ctx.json(agents.agent(ctx.pathParam("name"))));
        app.post(AGENT + "/work", this::work);
        app.get(AGENT + "/jobs/{id}", ctx -> send(ctx, jobs.job(name(ctx), ctx.pathParam("id"))));
        app.put(AGENT + "/jobs/{id}", this::replace);
        app.post(AGENT + "/jobs/{id}/log", this::log);
        app.post(AGENT + "/jobs/{id}/results/{call}", this::results);
        app.put(AGENT + "/jobs/{id}/archive", this::archive);
        app.get(AGENT + "/bundles/{digest}", this::bundle);
    }

    private void beat(Context ctx) {
        AgentReport report = bodies.read(ctx, AgentReport.class);
        ctx.json(agents.beat(ctx.pathParam("name"), report));
    }

    private void work(Context ctx) throws IOException, InterruptedException {
        String agent = name(ctx);
        agents.agent(agent); // one that never joined has no work
        AgentProtocol.Running running = bodies.read(ctx, AgentProtocol.Running.class);
        List<String> takenBack = jobs.takenBack(agent, running.jobs());
        Set<String> own = new HashSet<>();
        running.jobs().forEach(job -> own.add(job.jobId()));
        takenBack.forEach(own::remove);
        // what was taken back is answered at once: its containers may be running jobs the head runs elsewhere
        Duration wait = takenBack.isEmpty()
                ? Duration.ofMillis(Math.min(longParam(ctx, "waitMs", 0), MAX_POLL.toMillis())) : Duration.ZERO;
        AgentWork.Batch batch = work.take(agent, own, wait);
        List<Job> run = new ArrayList<>();
        for (String id : batch.run()) {
            Optional<Job> job = store.find(id).filter(j -> agent.equals(j.node()) && j.state() == JobState.STARTING);
            if (job.isPresent()) {
                run.add(job.get());
            } else {
                work.withdraw(agent, id);
            }
        }
        send(ctx, new AgentProtocol.WorkOrder(run, batch.stop(), takenBack));
    }

    private void replace(Context ctx) throws IOException {
        Job proposed = read(ctx, Job.class);
        String id = ctx.pathParam("id");
        if (!Objects.equals(id, proposed.id())) {
            throw new InvalidSubmissionException("id: the body is job " + proposed.id()
                    + ", the path job " + id);
        }
        if (!jobs.replace(name(ctx), id, intParam(ctx, "attempt"), longParam(ctx, "expectedVersion", -1), proposed)) {
            throw new JobConflictException("job " + id + " changed first; read it again");
        }
        ctx.status(204);
    }

    private void log(Context ctx) throws IOException {
        try (InputStream body = ctx.bodyInputStream()) {
            long length = jobs.appendLog(name(ctx), ctx.pathParam("id"), intParam(ctx, "attempt"),
                    longParam(ctx, "offset", -1), body);
            ctx.contentType("text/plain").result(Long.toString(length));
        }
    }

    private void results(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        ResultsSink results = jobs.results(name(ctx), id, intParam(ctx, "attempt"));
        switch (ctx.pathParam("call")) {
            case "offset" -> send(ctx, new AgentProtocol.Offset(results.offset(id)));
            case "append" -> {
                AgentProtocol.Append append = read(ctx, AgentProtocol.Append.class);
                send(ctx, new AgentProtocol.Stored(results.append(id, append.fromOffset(), append.toOffset(),
                        append.events())));
            }
            case "summary" -> send(ctx, results.summaries(List.of(id)).get(id));
            default -> throw new InvalidSubmissionException("call: no results call '"
                    + ctx.pathParam("call") + "' (offset, append, summary)");
        }
    }

    private void archive(Context ctx) throws IOException {
        try (InputStream body = ctx.bodyInputStream()) {
            jobs.storeArchive(name(ctx), ctx.pathParam("id"), intParam(ctx, "attempt"), body);
        }
        ctx.status(204);
    }

    private void bundle(Context ctx) throws IOException {
        Path file = jobs.bundle(ctx.pathParam("digest"));
        ctx.contentType("application/gzip").header("Content-Length", Long.toString(Files.size(file)));
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(ctx.outputStream());
        }
    }

    private static String name(Context ctx) {
        return ctx.pathParam("name");
    }

    private <T> T read(Context ctx, Class<T> type) throws IOException {
        if (ctx.contentLength() > JsonBodies.MAX_BYTES) {
            throw new BodyTooLargeException(JsonBodies.MAX_BYTES);
        }
        try (InputStream body = new BoundedInputStream(ctx.bodyInputStream(), JsonBodies.MAX_BYTES)) {
            return json.readValue(body, type);
        }
    }

    private void send(Context ctx, Object body) throws IOException {
        ctx.contentType("application/json").result(json.writeValueAsBytes(body));
    }

    private static int intParam(Context ctx, String name) {
        return Math.toIntExact(longParam(ctx, name, -1));
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidSubmissionException(name + ": expected a number, got '" + value + "'");
        }
    }
}
