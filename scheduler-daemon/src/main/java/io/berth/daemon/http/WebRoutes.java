package io.berth.daemon.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The dashboard's files: its pages and scripts from the server's own classes ({@code io/berth/daemon/web}) and
 * uPlot from its WebJar, so it works offline with no build step and no CDN. Every answer carries a
 * Content-Security-Policy that allows no inline script and no other origin: what a job wrote (a tag, a log line)
 * can only ever be text on these pages.
 */
public final class WebRoutes implements Routes {
    /** Paths of files the dashboard serves; no {@code ..}, no hidden files. */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final String PAGES = "io/berth/daemon/web/";
    private static final String UPLOT_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; font-src 'self';"
            + " object-src 'none'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final String uplotDist;

    public WebRoutes() {
        this.uplotDist = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    }

    @Override
    public void register(Javalin app) {
        app.get("/", ctx -> serve(ctx, PAGES + "index.html"));
        app.get("/login", ctx -> serve(ctx, PAGES + "login.html"));
        app.get("/favicon.ico", ctx -> serve(ctx, PAGES + "static/favicon.svg"));
        app.get("/static/uplot/{file}", ctx -> serve(ctx, uplotDist + checked(ctx.pathParam("file"))));
        app.get("/static/<file>", ctx -> serve(ctx, PAGES + "static/" + checked(ctx.pathParam("file"))));
    }

    /** The headers of every page and file of the dashboard: no framing, no sniffing, no inline script. */
    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        // not no-referrer: with it a browser sends "Origin: null" on the login form's POST, which RequestGuard
        // must refuse; same-origin still tells no other site where its visitor came from
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static String checked(String file) {
        if (!FILE.matcher(file).matches() || file.contains("..")) {
            throw new NotFoundResponse();
        }
        return file;
    }

    private static void serve(Context ctx, String resource) throws IOException {
        InputStream in = WebRoutes.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new NotFoundResponse();
        }
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        secure(ctx);
        // pages change with the server: always ask whether what the browser holds is still current
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.getOrDefault(extension, "application/octet-stream"));
        try (in) {
            ctx.result(in.readAllBytes());
        }
    }

    private static String uplotVersion() {
        Properties properties = new Properties();
        try (InputStream in = WebRoutes.class.getClassLoader().getResourceAsStream(UPLOT_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the server was built without uPlot (" + UPLOT_PROPERTIES + ")");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_PROPERTIES, e);
        }
        return properties.getProperty("version");
    }
}
