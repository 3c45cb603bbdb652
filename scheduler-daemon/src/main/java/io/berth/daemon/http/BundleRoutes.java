package io.berth.daemon.http;

import io.berth.daemon.core.BundleStore;
import io.berth.daemon.core.InvalidBundleException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** HEAD and PUT /bundles/{digest}: clients ask before they upload, so a bundle crosses the wire once. */
public final class BundleRoutes implements Routes {
    private final BundleStore bundles;

    public BundleRoutes(BundleStore bundles) {
        this.bundles = bundles;
    }

    @Override
    public void register(Javalin app) {
        app.head(ApiServer.BASE + "/bundles/{digest}", this::head);
        app.put(ApiServer.BASE + "/bundles/{digest}", this::put);
    }

    private void head(Context ctx) {
        ctx.status(bundles.contains(digest(ctx)) ? 200 : 404);
    }

    private void put(Context ctx) throws IOException {
        String digest = digest(ctx);
        try (InputStream body = ctx.req().getInputStream()) { // streamed to disk, never held in memory
            bundles.put(digest, body);
        }
        ctx.status(201);
    }

    private static String digest(Context ctx) {
        String digest = ctx.pathParam("digest");
        if (!BundleStore.isValidDigest(digest)) {
            throw new InvalidBundleException("'" + digest + "' is not a SHA-256 digest (64 lower-case hex digits)");
        }
        return digest;
    }
}
