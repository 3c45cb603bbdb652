package io.berth.daemon.http;

import io.berth.config.JobConfig;
import io.berth.config.JobConfigLoader;
import io.berth.wire.ReadJobConfigRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Path;

/**
 * POST /job-config: reads a project's job.config.yaml for a client, so every client reads it with the one
 * parser the CLI uses and gets the same errors (naming the client's file, line and key).
 */
public final class JobConfigRoute {
    private final JsonBodies bodies;

    public JobConfigRoute(JsonBodies bodies) {
        this.bodies = bodies;
    }

    void register(Javalin app) {
        app.post(ApiServer.BASE + "/job-config", this::read);
    }

    private void read(Context ctx) {
        ReadJobConfigRequest request = bodies.read(ctx, ReadJobConfigRequest.class);
        JobConfig config = request.text() == null ? JobConfig.empty()
                : JobConfigLoader.parse(Path.of(request.file()), request.text());
        ctx.json(config.configuredJob(request.directoryName()));
    }
}
