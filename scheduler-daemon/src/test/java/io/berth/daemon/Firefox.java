package io.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless firefox-esr, driven through WebDriver BiDi, which Firefox speaks itself over a WebSocket: no
 * geckodriver (Debian has none) and nothing downloaded. A fresh profile per instance; {@link #close()} stops
 * Firefox and deletes the profile. Screenshots go to {@code target/screenshots/firefox-<name>.png}.
 */
final class Firefox implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/firefox-esr");
    static final String TAB = "\uE004";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Firefox reports CSP refusals to its own console only: say them through console.error, as Chromium does. */
    private static final String REPORT_CSP = "() => document.addEventListener('securitypolicyviolation', "
            + "e => console.error('CSP refused ' + e.blockedURI + ' (' + e.violatedDirective + ')'))";

    private final Path home;
    private final Map<Long, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private long lastId;
    private Process process;
    private WebSocket socket;
    private String context;

    Firefox(int width, int height) {
        try {
            home = Files.createTempDirectory("berth-firefox-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.createDirectory(home.resolve("profile"));
            process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-remote", "--remote-debugging-port=0",
                    "--profile", home.resolve("profile").toString(), "about:blank")
                    .redirectErrorStream(true).redirectOutput(home.resolve("firefox.log").toFile()).start();
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(address() + "/session"), new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            send("session.new", Map.of("capabilities", Map.of()));
            send("session.subscribe", Map.of("events", List.of("log.entryAdded", "network.responseCompleted")));
            send("script.addPreloadScript", Map.of("functionDeclaration", REPORT_CSP));
            context = send("browsingContext.getTree", Map.of()).path("contexts").path(0).path("context").asText();
            setViewport(width, height);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("firefox-esr did not start, or did not answer over WebDriver BiDi", e);
        }
    }

    /** A desktop-sized viewport. */
    Firefox() {
        this(1280, 800);
    }

    /** The WebSocket address Firefox prints once it listens. */
    private String address() throws IOException, InterruptedException {
        Path log = home.resolve("firefox.log");
        for (Instant end = Instant.now().plus(TIMEOUT); Instant.now().isBefore(end) && process.isAlive(); ) {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            if (listening.find()) {
                return listening.group(1);
            }
            Thread.sleep(100);
        }
        System.err.println(Files.readString(log));
        throw new IllegalStateException("firefox-esr never said where WebDriver BiDi listens");
    }

    /** Navigates and waits for the page's load event. */
    void open(String url) {
        send("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    /** The value of a JavaScript expression (awaited if a promise), as JSON; null for undefined. */
    JsonNode evaluate(String expression) {
        JsonNode result = send("script.evaluate", Map.of("expression",
                "Promise.resolve(" + expression + ").then(v => JSON.stringify(v === undefined ? null : v))",
                "target", Map.of("context", context), "awaitPromise", true, "resultOwnership", "none"));
        if (result.path("type").asText().equals("exception")) {
            throw new IllegalStateException(expression + " threw: " + result.path("exceptionDetails").path("text").asText());
        }
        try {
            return JSON.readTree(result.path("result").path("value").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the expression is true; fails saying what the page shows instead if it never is. */
    void await(String condition, Duration timeout) {
        String failure = "";
        for (Instant end = Instant.now().plus(timeout); Instant.now().isBefore(end); ) {
            try {
                if (evaluate(condition).asBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) { // the page is between two documents, or not there yet
                failure = e.getMessage();
            }
            sleep(100);
        }
        throw new AssertionError("not true after " + timeout.toSeconds() + " s: " + condition + "\n" + failure
                + "\nthe page at " + evaluate("location.href").asText() + " shows:\n" + evaluate("document.body.innerText").asText());
    }

    /**
     * Presses and releases a key (a character, or {@link #TAB}) where the focus is. Headless, the window never has
     * the focus (document.hasFocus() is false), and there Enter and Space reach a focused button but do not click it.
     */
    void press(String key) {
        send("input.performActions", Map.of("context", context, "actions", List.of(Map.of("type", "key", "id", "keyboard",
                "actions", List.of(Map.of("type", "keyDown", "value", key), Map.of("type", "keyUp", "value", key))))));
    }

    void setViewport(int width, int height) {
        send("browsingContext.setViewport", Map.of("context", context, "viewport", Map.of("width", width, "height", height)));
    }

    /** Saves the viewport as {@code target/screenshots/firefox-<name>.png}. */
    Path screenshot(String name) {
        String png = send("browsingContext.captureScreenshot", Map.of("context", context)).path("data").asText();
        try {
            Files.createDirectories(Browser.SCREENSHOTS);
            return Files.write(Browser.SCREENSHOTS.resolve("firefox-" + name + ".png"), Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the page printed as errors (console.error, uncaught exceptions, CSP refusals, HTTP errors) since the last call. */
    synchronized List<String> consoleErrors() {
        List<String> since = List.copyOf(errors);
        errors.clear();
        return since;
    }

    /** Sends a command and waits for its result; a BiDi error is thrown. */
    private JsonNode send(String method, Map<String, Object> params) {
        long id;
        synchronized (this) {
            id = ++lastId;
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        try {
            ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
            command.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(command), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.path("type").asText().equals("error")) {
                throw new IllegalStateException(method + ": " + answer.path("error").asText() + ": " + answer.path("message").asText());
            }
            return answer.path("result");
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer", e);
        } finally {
            replies.remove(id);
        }
    }

    private synchronized void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = replies.get(message.get("id").asLong());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "log.entryAdded" -> {
                if (params.path("level").asText().equals("error")) {
                    errors.add(params.path("text").asText());
                }
            }
            case "network.responseCompleted" -> {
                if (params.path("response").path("status").asInt() >= 400) {
                    errors.add(params.path("request").path("url").asText() + ": HTTP " + params.path("response").path("status").asInt());
                }
            }
            default -> { }
        }
    }

    /** Puts together the frames of each text message. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    received(JSON.readTree(text.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    /** Stops Firefox and its content processes (which would outlive it as orphans) and deletes the profile. */
    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        if (process != null) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        io.berth.archive.FileTrees.deleteQuietly(home);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
