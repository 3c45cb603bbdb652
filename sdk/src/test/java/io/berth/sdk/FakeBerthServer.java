package io.berth.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.wire.JobView;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP server on a free port that answers routes with canned responses and records every request. */
final class FakeBerthServer implements AutoCloseable {
    static final ObjectMapper JSON = WireJson.mapper();

    record Recorded(String method, String path, String query, Headers headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    interface Route {
        void handle(HttpExchange exchange, Recorded request) throws Exception;
    }

    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    FakeBerthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @param path the raw path after {@code /api/v1}, e.g. {@code /jobs/abc} */
    FakeBerthServer on(String method, String path, Route route) {
        routes.put(method + " /api/v1" + path, route);
        return this;
    }

    FakeBerthServer json(String method, String path, int status, Object body) {
        return on(method, path, (ex, req) -> respond(ex, status, body));
    }

    FakeBerthServer error(String method, String path, int status, String json) {
        return on(method, path, (ex, req) -> respond(ex, status, json.getBytes(StandardCharsets.UTF_8)));
    }

    Recorded last() {
        return requests.get(requests.size() - 1);
    }

    static void respond(HttpExchange ex, int status, Object body) throws IOException {
        respond(ex, status, body instanceof byte[] bytes ? bytes : JSON.writeValueAsBytes(body));
    }

    static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        boolean noBody = body.length == 0 || ex.getRequestMethod().equals("HEAD") || status == 204;
        ex.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    static JobView aJob(String id, String state) {
        return JobView.builder(id).project("demo").state(state).command(List.of("main.py")).params(Map.of("lr", 0.1))
                .bundleDigest("ab".repeat(32)).attempt(1).times(Instant.parse("2024-05-01T10:00:00Z"), null, null).build();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            Recorded request = new Recorded(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body);
            requests.add(request);
            Route route = routes.get(request.method() + " " + request.path());
            if (route == null) {
                respond(ex, 404, "{\"code\":\"no_route\",\"message\":\"no route " + request.path() + "\"}"
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                route.handle(ex, request);
            }
        } catch (Exception e) {
            respond(ex, 500, ("fake server failed: " + e).getBytes(StandardCharsets.UTF_8));
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
