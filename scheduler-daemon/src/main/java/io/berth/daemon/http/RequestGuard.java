package io.berth.daemon.http;

import io.berth.daemon.auth.TokenAuthenticator;
import io.berth.daemon.auth.Verdict;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every request passes before its route, in order:
 * <ol>
 *   <li>A server without tokens (on loopback) answers only requests addressed to a loopback name, so a web
 *       page whose name a DNS rebinding points at 127.0.0.1 cannot read or drive it: 403 {@code bad_host}.
 *   <li>The token: {@code Authorization: Bearer}, or a browser's {@code berth_session} cookie; 401 without one
 *       where tokens are asked for, except on the few paths that carry no data (the dashboard's page and
 *       static files, login, logout, GET /session).
 *   <li>A request that changes something and comes from another site (its {@code Origin} is not this server's,
 *       or {@code Sec-Fetch-Site} says so) is refused whoever sent it: a page anyone visits could otherwise
 *       POST to a server on 127.0.0.1. One under /api/v1 that rests on the cookie must also carry
 *       {@code X-Berth-Request: 1}, which the dashboard sets and a form of another site cannot: 403 {@code csrf}.
 *   <li>Where tokens are asked for, an agent's token works only for that agent's own calls (under
 *       {@code /api/v1/agents/<its name>}), and only an agent's token may make them but for reading: a user's token
 *       cannot add a machine that jobs would be sent to, nor an agent's read jobs: 403 {@code agent_token}.
 * </ol>
 * The CLI and the SDKs send a bearer token and neither header, and pass as before.
 */
final class RequestGuard {
    static final String SESSION_COOKIE = "berth_session";
    static final String REQUEST_HEADER = "X-Berth-Request";
    private static final Set<String> PUBLIC_PATHS = Set.of("/", "/login", "/logout", "/favicon.ico",
            ApiServer.BASE + "/session");
    /** Static files and WebJars by plain names: no dot segments, no doubled or encoded slashes. */
    private static final Pattern PUBLIC_FILES = Pattern.compile("/(static|webjars)(/[A-Za-z0-9_@+~-][A-Za-z0-9._@+~-]*)+");
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final TokenAuthenticator auth;
    private final String scheme;

    /** How a request showed who it is, and whether that was the browser's cookie. */
    record Credentials(Verdict verdict, boolean byCookie) {}

    RequestGuard(TokenAuthenticator auth, String scheme) {
        this.auth = auth;
        this.scheme = scheme;
    }

    void check(Context ctx) {
        if (!auth.required() && !isLoopbackName(ctx.header("Host"))) {
            throw new ForbiddenException("bad_host", "this Berth server has no tokens, so it answers only requests"
                    + " made to a loopback name, and this one was made to '" + ctx.header("Host") + "': use http://"
                    + "127.0.0.1:" + ctx.req().getLocalPort() + "/ (or give the server tokens to serve other names: docs/remote.md)");
        }
        Credentials credentials = credentials(auth, ctx);
        if (!credentials.verdict().accepted() && !isPublic(ctx.path())) {
            throw new UnauthorizedException(credentials.verdict());
        }
        if (auth.required() && !isPublic(ctx.path())) {
            checkAgentScope(ctx, credentials.verdict().agent());
        }
        if (!SAFE_METHODS.contains(ctx.method().name())) {
            checkSameOrigin(ctx);
            if (credentials.byCookie() && ctx.path().startsWith(ApiServer.BASE + "/")
                    && !"1".equals(ctx.header(REQUEST_HEADER))) {
                throw new ForbiddenException("csrf", "a request that changes something and rests on the browser's"
                        + " session cookie must carry the header '" + REQUEST_HEADER + ": 1' (the dashboard sends it;"
                        + " a form on another site cannot); scripts send 'Authorization: Bearer <token>' instead");
            }
        }
    }

    /** The {@code Authorization} header if there is one, else the session cookie (which counts only with tokens). */
    static Credentials credentials(TokenAuthenticator auth, Context ctx) {
        String authorization = ctx.header("Authorization");
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (authorization != null || cookie == null || cookie.isEmpty()) {
            return new Credentials(auth.check(authorization), false);
        }
        return new Credentials(auth.checkSecret(cookie), auth.required());
    }

    /** @param agent the agent whose token the request carried, or null for a user's */
    private static void checkAgentScope(Context ctx, String agent) {
        String path = ctx.path();
        String agentsPath = ApiServer.BASE + "/agents/";
        String named = path.startsWith(agentsPath) ? path.substring(agentsPath.length()).split("/", 2)[0] : null;
        if (agent != null && !agent.equals(named)) {
            throw new ForbiddenException("agent_token", "this is the token of agent " + agent + ": it is good only"
                    + " for that agent's own calls (" + agentsPath + agent + "), not " + ctx.method() + " " + path);
        }
        if (agent == null && named != null && !SAFE_METHODS.contains(ctx.method().name())) {
            throw new ForbiddenException("agent_token", "only an agent's token may act for agent " + named + ": make"
                    + " one on the head with 'berth server token create --agent " + named + "' (docs/cluster.md)");
        }
    }

    private void checkSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin != null && (host == null || !origin.equalsIgnoreCase(scheme + "://" + host))) {
            throw new ForbiddenException("csrf", "a request that changes something came from the page of another"
                    + " origin (" + origin + "); only this server's own pages may send one");
        }
        String site = ctx.header("Sec-Fetch-Site");
        if ("cross-site".equals(site) || "same-site".equals(site)) {
            throw new ForbiddenException("csrf", "a request that changes something came from the page of another"
                    + " site (Sec-Fetch-Site: " + site + "); only this server's own pages may send one");
        }
    }

    static boolean isPublic(String path) {
        return PUBLIC_PATHS.contains(path) || PUBLIC_FILES.matcher(path).matches();
    }

    /** {@code 127.0.0.1}, {@code localhost} or {@code [::1]}, with any port. */
    static boolean isLoopbackName(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        int port = name.startsWith("[") ? name.indexOf("]:") + 1 : name.lastIndexOf(':');
        return LOOPBACK_NAMES.contains(port > 0 ? name.substring(0, port) : name);
    }
}
