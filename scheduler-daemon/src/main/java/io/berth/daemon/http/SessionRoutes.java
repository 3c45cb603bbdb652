package io.berth.daemon.http;

import io.berth.daemon.auth.TokenAuthenticator;
import io.berth.wire.SessionView;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Logging in from a browser: POST /login checks a token as the API does and keeps it in an HttpOnly,
 * SameSite=Strict cookie, which {@link RequestGuard} then accepts as the token; POST /logout forgets it; GET
 * /session says whether the browser is logged in. The login page itself is a static page.
 */
public final class SessionRoutes implements Routes {
    /** What a token's secret is made of (URL-safe base64): nothing that could break the cookie's header. */
    private static final Pattern COOKIE_SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    private final TokenAuthenticator auth;
    private final boolean https;

    /** @param https whether the server speaks HTTPS: the cookie is then sent over HTTPS only ({@code Secure}) */
    public SessionRoutes(TokenAuthenticator auth, boolean https) {
        this.auth = auth;
        this.https = https;
    }

    @Override
    public void register(Javalin app) {
        app.post("/login", this::login);
        app.post("/logout", ctx -> {
            ctx.header("Set-Cookie", cookie("", "; Max-Age=0"));
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        });
        app.get(ApiServer.BASE + "/session", ctx -> ctx.json(new SessionView(
                RequestGuard.credentials(auth, ctx).verdict().accepted(), auth.required())));
    }

    /** Form fields {@code token} and {@code next} (a path on this server, {@code /} if absent or another). */
    private void login(Context ctx) {
        String next = localPath(ctx.formParam("next"));
        String token = ctx.formParam("token") == null ? "" : ctx.formParam("token").strip();
        if (!auth.required()) {
            ctx.redirect(next, HttpStatus.SEE_OTHER); // nothing to log in to
        } else if (COOKIE_SAFE.matcher(token).matches() && auth.checkSecret(token).accepted()) {
            ctx.header("Set-Cookie", cookie(token, ""));
            ctx.redirect(next, HttpStatus.SEE_OTHER);
        } else {
            ctx.redirect("/login?error=1" + (next.equals("/") ? ""
                    : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)), HttpStatus.SEE_OTHER);
        }
    }

    private String cookie(String value, String attributes) {
        return RequestGuard.SESSION_COOKIE + "=" + value + "; HttpOnly; SameSite=Strict; Path=/" + attributes
                + (https ? "; Secure" : "");
    }

    /** A path on this server: one {@code /}, not {@code //} or {@code /\} (which browsers take for another host). */
    static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return next;
    }
}
