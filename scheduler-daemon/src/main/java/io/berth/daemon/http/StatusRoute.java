package io.berth.daemon.http;

import io.berth.daemon.cluster.AgentRegistry;
import io.berth.daemon.core.Dispatcher;
import io.berth.daemon.core.QueueIndex;
import io.berth.daemon.core.admission.Capacity;
import io.berth.daemon.core.admission.RunningJob;
import io.berth.wire.ServerStatus;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * GET /status: version, capacity and load, the Docker engine, where the server keeps its state, since when it runs,
 * the agents that joined it, and the largest bundle it takes (so that a client need not upload one it would refuse).
 */
public final class StatusRoute implements Routes {
    private final String version;
    private final Dispatcher dispatcher;
    private final QueueIndex queue;
    private final String redis;
    private final String dataDir;
    private final String dockerHost;
    private final Instant startedAt;
    private final AgentRegistry agents;
    private final long maxBundleBytes;

    public StatusRoute(String version, Dispatcher dispatcher, QueueIndex queue, String redis, String dataDir,
                       String dockerHost, Instant startedAt, AgentRegistry agents, long maxBundleBytes) {
        this.version = version;
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.redis = redis;
        this.dataDir = dataDir;
        this.dockerHost = dockerHost;
        this.startedAt = startedAt;
        this.agents = agents;
        this.maxBundleBytes = maxBundleBytes;
    }

    @Override
    public void register(Javalin app) {
        app.get(ApiServer.BASE + "/status", this::get);
    }

    private void get(Context ctx) {
        Capacity capacity = dispatcher.capacity();
        List<RunningJob> active = dispatcher.active();
        ServerStatus.Amounts total = new ServerStatus.Amounts(capacity.slots(), capacity.milliCpus() / 1000.0,
                capacity.memoryBytes(), capacity.gpuIds());
        ServerStatus.Amounts inUse = new ServerStatus.Amounts(active.size(),
                active.stream().mapToLong(job -> job.request().milliCpus()).sum() / 1000.0,
                active.stream().mapToLong(job -> job.request().memoryBytes()).sum(),
                active.stream().flatMap(job -> job.gpuIds().stream()).sorted().toList());
        ctx.json(new ServerStatus(version, capacity.slots(), active.size(), queue.size(), redis, dataDir,
                total, inUse, new ServerStatus.Engine(dockerHost, dispatcher.engineAnswers()), startedAt,
                agents.agents(), maxBundleBytes));
    }
}
