package io.berth.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.config.BerthHome;
import io.berth.wire.JobView;
import io.berth.wire.ServerStatus;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP server with canned JSON answers, for CLI tests of what happens around the server (exit codes,
 * messages) without running one; a {@code berth.home} under {@code root} has the env {@code scheduler} for it.
 */
final class StubServer implements AutoCloseable {
    static final String ENV = "scheduler";

    private final HttpServer server;
    private final Map<String, Object> answers = new ConcurrentHashMap<>();
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

    static JobView aJob(String id, String state) {
        return JobView.builder(id).project("demo").state(state).command(List.of("main.py")).attempt(1)
                .times(Instant.parse("2024-05-01T10:00:00Z"), null, null).build();
    }

    private void answer(HttpExchange exchange) throws IOException {
        Object body = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
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
