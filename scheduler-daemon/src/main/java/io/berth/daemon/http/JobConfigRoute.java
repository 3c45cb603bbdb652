package io.berth.daemon.http;

import io.berth.config.JobConfig;
import io.berth.config.JobConfigLoader;
import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.wire.ReadJobConfigRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * POST /job-config: reads a project's job.config.yaml for a client, so every client reads it with the one
 * parser the CLI uses and gets the same errors (naming the client's file, line and key).
 */
public final class JobConfigRoute implements Routes {
    private final JsonBodies bodies;

    public JobConfigRoute(JsonBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app) {
        app.post(ApiServer.BASE + "/job-config", this::read);
    }

    /** Only named in messages, never opened; a name no path can have is the client's mistake. */
    private static Path fileName(String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new InvalidSubmissionException("file: not a path: " + e.getMessage());
        }
    }

    private void read(Context ctx) {
        ReadJobConfigRequest request = bodies.read(ctx, ReadJobConfigRequest.class);
        JobConfig config = request.text() == null ? JobConfig.empty()
                : JobConfigLoader.parse(fileName(request.file()), request.text());
        ctx.json(config.configuredJob(request.directoryName()));
    }
}
