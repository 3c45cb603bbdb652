package io.berth.daemon.http;

import io.berth.daemon.core.Artifacts;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;

/**
 * GET /jobs/{ref}/artifacts/{key}: the file a job saved as an artifact, made safe for a browser to open: a
 * type from {@link ArtifactTypes}' allowlist, never sniffed, sandboxed with no sources of its own, and a
 * download unless an allowlisted type is asked for inline.
 */
public final class ArtifactRoutes implements Routes {
    private final JobService jobs;
    private final Artifacts artifacts;

    public ArtifactRoutes(JobService jobs, Artifacts artifacts) {
        this.jobs = jobs;
        this.artifacts = artifacts;
    }

    @Override
    public void register(Javalin app) {
        app.get(ApiServer.BASE + "/jobs/{ref}/artifacts/{key}", this::artifact);
    }

    private void artifact(Context ctx) throws IOException {
        Job job = jobs.resolve(ctx.pathParam("ref"));
        try (Artifacts.Artifact artifact = artifacts.open(job, ctx.pathParam("key"))) {
            ctx.header("X-Berth-Job-Id", job.id());
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Security-Policy", "sandbox; default-src 'none'");
            ctx.header("Cross-Origin-Resource-Policy", "same-origin");
            ctx.header("Cache-Control", "no-cache");
            ctx.header("Content-Disposition", ArtifactTypes.disposition(artifact.fileName(),
                    "1".equals(ctx.queryParam("inline"))));
            ctx.header("Content-Length", Long.toString(artifact.file().size()));
            ctx.contentType(ArtifactTypes.of(artifact.fileName()));
            OutputStream out = ctx.res().getOutputStream(); // as it is: Javalin would compress text
            artifact.file().content().transferTo(out);
            out.flush();
        }
    }
}
