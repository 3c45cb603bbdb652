package io.berth.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.config.TlsConfig;
import io.berth.daemon.auth.TokenAuthenticator;
import io.berth.config.ConfigException;
import io.berth.daemon.cluster.AgentNotFoundException;
import io.berth.daemon.cluster.FencedException;
import io.berth.daemon.cluster.InvalidAgentException;
import io.berth.daemon.core.AmbiguousJobIdException;
import io.berth.daemon.core.InvalidBundleException;
import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.daemon.core.JobConflictException;
import io.berth.daemon.core.JobNotFoundException;
import io.berth.daemon.core.JobStoreException;
import io.berth.daemon.core.NoArtifactException;
import io.berth.daemon.storage.BundleTooLargeException;
import io.berth.wire.ApiError;
import io.berth.wire.WireJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: serves its {@link Routes} ({@link JobRoutes}, {@link BundleRoutes}, ...) and is the one place
 * where domain exceptions become status codes and {@link ApiError} bodies. Every request, whatever its path, passes the
 * token check first; with TLS, the server listens for HTTPS only.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final String BASE = "/api/v1";

    private final Javalin app;
    private final boolean https;
    private String host;
    private int port;

    /** @param tls the certificate and key to serve HTTPS with, or null for plain HTTP */
    public ApiServer(List<Routes> routes, TokenAuthenticator auth, TlsConfig tls) {
        ObjectMapper mapper = WireJson.mapper();
        TlsConnector connector = tls == null ? null : TlsConnector.load(tls);
        this.https = connector != null;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = 1024 * 1024; // JSON bodies; bundles are streamed, not buffered
            config.useVirtualThreads = false;
            if (connector != null) { // replaces Javalin's plain HTTP connector
                config.jetty.addConnector((server, http) -> connector.create(server, http, host, port));
            }
        });
        app.before(new RequestGuard(auth, scheme())::check);
        routes.forEach(group -> group.register(app));
        mapExceptions();
    }

    private void mapExceptions() {
        app.exception(UnauthorizedException.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", e.challenge());
            error(ctx, 401, "unauthorized", e.getMessage());
        });
        app.exception(ForbiddenException.class, (e, ctx) -> error(ctx, 403, e.code(), e.getMessage()));
        app.exception(JobNotFoundException.class, (e, ctx) -> error(ctx, 404, "job_not_found", e.getMessage()));
        app.exception(AmbiguousJobIdException.class, (e, ctx) ->
                ctx.status(409).json(new ApiError("ambiguous_job_id", e.getMessage(), e.candidates())));
        app.exception(JobConflictException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
        app.exception(FencedException.class, (e, ctx) -> error(ctx, 409, "fenced", e.getMessage()));
        app.exception(AgentNotFoundException.class, (e, ctx) -> error(ctx, 404, "agent_not_found", e.getMessage()));
        app.exception(InvalidAgentException.class, (e, ctx) -> error(ctx, 400, "bad_agent", e.getMessage()));
        app.exception(InvalidSubmissionException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
        app.exception(ConfigException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
        app.exception(BundleTooLargeException.class, (e, ctx) -> error(ctx, 413, "bundle_too_large", e.getMessage()));
        app.exception(BodyTooLargeException.class, (e, ctx) -> error(ctx, 413, "body_too_large", e.getMessage()));
        app.exception(InvalidBundleException.class, (e, ctx) -> error(ctx, 400, "bad_bundle", e.getMessage()));
        app.exception(NoArchiveException.class, (e, ctx) -> error(ctx, 404, "no_archive", e.getMessage()));
        app.exception(NoArtifactException.class, (e, ctx) -> error(ctx, 404, "no_artifact", e.getMessage()));
        app.exception(JobStoreException.class, (e, ctx) -> {
            ctx.header("Retry-After", "2");
            error(ctx, 503, "store_unavailable", "the server cannot reach its job store; try again shortly ("
                    + e.getMessage() + ")");
        });
        // a request still held (an agent's long poll, a followed log) as the server stops: no failure of the server's
        app.exception(InterruptedException.class, (e, ctx) -> {
            ctx.header("Retry-After", "2");
            error(ctx, 503, "stopping", "the server is stopping; try again shortly");
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            error(ctx, 500, "internal_error", "the server failed: " + e.getMessage());
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "no_such_route", "no route " + ctx.method() + " " + ctx.path());
            }
        });
    }

    private static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(new ApiError(code, message));
    }

    public ApiServer start(String host, int port) {
        this.host = host;
        this.port = port;
        app.start(host, port);
        return this;
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return https ? "https" : "http";
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
