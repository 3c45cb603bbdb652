package io.berth.daemon.http;

import io.berth.daemon.core.Dispatcher;
import io.berth.daemon.core.JobStore;
import io.berth.wire.ServerStatus;
import io.javalin.http.Context;

/** GET /status: version, capacity and load, and where the server keeps its state. */
public final class StatusRoute {
    private final String version;
    private final Dispatcher dispatcher;
    private final JobStore store;
    private final String redis;
    private final String dataDir;

    public StatusRoute(String version, Dispatcher dispatcher, JobStore store, String redis, String dataDir) {
        this.version = version;
        this.dispatcher = dispatcher;
        this.store = store;
        this.redis = redis;
        this.dataDir = dataDir;
    }

    void get(Context ctx) {
        ctx.json(new ServerStatus(version, dispatcher.slots(), dispatcher.activeCount(), store.queue().size(),
                redis, dataDir));
    }
}
