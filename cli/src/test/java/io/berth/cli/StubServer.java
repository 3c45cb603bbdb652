package io.berth.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.config.BerthHome;
import io.berth.wire.JobPage;
import io.berth.wire.JobView;
import io.berth.wire.ServerStatus;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP server with canned JSON answers, for CLI tests of what happens around the server (exit codes,
 * messages) without running one; a {@code berth.home} under {@code root} has the env {@code scheduler} for it.
 */
final class StubServer implements AutoCloseable {
    static final String ENV = "scheduler";

    private final HttpServer server;
    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    private final AtomicInteger pagesServed = new AtomicInteger();
    private final TestHomes homes;

    StubServer(Path root) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        answer("GET", "/status", new ServerStatus("test", 2, 0, 0, null, null, null, null));
        Path home = root.resolve("home");
        Path config = BerthHome.submissionDir(home).resolve(ENV + ".config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "scheduler_url: http://127.0.0.1:" + server.getAddress().getPort() + "\n");
        homes = TestHomes.under(root);
    }

    /** @param path after {@code /api/v1}, as sent (e.g. {@code /jobs/01aa/stop}) */
    StubServer answer(String method, String path, Object body) {
        answers.put(method + " /api/v1" + path, body);
        return this;
    }

    /**
     * These jobs, oldest first, on GET /jobs, and paged on GET /pages/jobs as its {@code offset}, {@code limit}
     * and {@code order} ask (filters and other orders are not the stub's business).
     */
    StubServer jobs(List<JobView> jobs) {
        answers.put("GET /api/v1/pages/jobs", (Function<Map<String, String>, Object>) query -> {
            List<JobView> ordered = new ArrayList<>(jobs);
            if (!"asc".equals(query.get("order"))) {
                Collections.reverse(ordered);
            }
            int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
            int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
            pagesServed.incrementAndGet();
            return new JobPage(ordered.subList(Math.min(offset, jobs.size()), Math.min(offset + limit, jobs.size())),
                    jobs.size(), offset, limit);
        });
        return answer("GET", "/jobs", jobs);
    }

    /** How many pages of jobs it served. */
    int pagesServed() {
        return pagesServed.get();
    }

    static JobView aJob(String id, String state) {
        return JobView.builder(id).project("demo").state(state).command(List.of("main.py")).attempt(1)
                .times(Instant.parse("2024-05-01T10:00:00Z"), null, null).build();
    }

    private void answer(HttpExchange exchange) throws IOException {
        Object body = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
        if (body instanceof Function<?, ?> computed) {
            Map<String, String> query = new HashMap<>();
            String raw = exchange.getRequestURI().getQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            @SuppressWarnings("unchecked")
            Object answer = ((Function<Map<String, String>, Object>) computed).apply(query);
            body = answer;
        }
        byte[] bytes = body != null ? WireJson.mapper().writeValueAsBytes(body)
                : "{\"code\":\"no_route\",\"message\":\"the stub has no answer\"}".getBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(body != null ? 200 : 404, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        homes.close();
    }
}
