package io.berth.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.ApiError;
import io.berth.wire.ClearQueueResponse;
import io.berth.wire.JobView;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Berth's REST API ({@code docs/api.md}) as Java calls. Thread-safe; one instance per server.
 * Errors: {@link BerthApiException} when the server says no, {@link ServerUnreachableException} when
 * nothing answers, {@link BerthException} for anything else that goes wrong on the way.
 */
public final class BerthClient {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** For calls that answer at once; uploads and log streams have no limit. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final String JSON = "application/json";

    private final URI baseUrl;
    private final String api;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = WireJson.mapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a newer server may add fields

    /**
     * @param baseUrl    the server, e.g. {@code http://127.0.0.1:5000} (a submission config's {@code scheduler_url})
     * @param tokenOrNull sent as {@code Authorization: Bearer <token>} when not null
     */
    public BerthClient(URI baseUrl, String tokenOrNull) {
        this.baseUrl = baseUrl;
        String base = baseUrl.toString();
        this.api = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1";
        this.token = tokenOrNull;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public ServerStatus status() {
        return call(get("/status"), ServerStatus.class);
    }

    /** Whether the server already stores the bundle with this digest (so it need not be uploaded). */
    public boolean hasBundle(String digest) {
        HttpRequest request = request("/bundles/" + checkDigest(digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(CALL_TIMEOUT).build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return false;
        }
        check(request, response.statusCode(), response.body());
        return true;
    }

    /**
     * Streams the bundle file to the server.
     *
     * @param progressBytes receives the running total of bytes sent, as they go
     */
    public void uploadBundle(String digest, Path file, LongConsumer progressBytes) {
        ProgressBodyPublisher body;
        try {
            body = new ProgressBodyPublisher(file, progressBytes == null ? n -> { } : progressBytes);
        } catch (IOException e) {
            throw new BerthException("cannot read the bundle " + file + ": " + e.getMessage(), e);
        }
        HttpRequest request = request("/bundles/" + checkDigest(digest))
                .header("Content-Type", "application/gzip").PUT(body).build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        check(request, response.statusCode(), response.body());
    }

    public JobView submit(SubmitJobRequest submit) {
        return call(request("/jobs").timeout(CALL_TIMEOUT).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(toJson(submit))).build(), JobView.class);
    }

    /** Every job, oldest first. */
    public List<JobView> jobs() {
        return call(get("/jobs"), new TypeReference<List<JobView>>() {});
    }

    /** @param ref a job id or a unique start of one */
    public JobView job(String ref) {
        return call(get("/jobs/" + segment(ref)), JobView.class);
    }

    public JobView stop(String ref) {
        return call(request("/jobs/" + segment(ref) + "/stop").timeout(CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), JobView.class);
    }

    /** Removes a finished job's record, logs and archive. */
    public void delete(String ref) {
        HttpRequest request = request("/jobs/" + segment(ref)).timeout(CALL_TIMEOUT).DELETE().build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        check(request, response.statusCode(), response.body());
    }

    /** Stops every queued job. */
    public ClearQueueResponse clearQueue() {
        return call(request("/queue").timeout(CALL_TIMEOUT).DELETE().build(), ClearQueueResponse.class);
    }

    /**
     * Copies the job's log to {@code out} as the server sends it, flushing after every read.
     *
     * @param follow keep reading until the job has finished and its log is complete
     * @param offset bytes of the log to skip
     * @return the number of bytes copied
     */
    public long streamLogs(String ref, boolean follow, long offset, OutputStream out) {
        HttpRequest request = request("/jobs/" + segment(ref) + "/logs?follow=" + follow + "&offset=" + offset)
                .GET().build();
        try (InputStream in = open(request)) {
            byte[] buffer = new byte[8192];
            long copied = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
                copied += n;
            }
            return copied;
        } catch (IOException e) {
            throw new BerthException("the log stream of job " + ref + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * Downloads the finished job's archive (tar.gz) to {@code target}, replacing it.
     *
     * @return the archive's size in bytes
     */
    public long downloadArchive(String ref, Path target) {
        HttpRequest request = request("/jobs/" + segment(ref) + "/archive").GET().build();
        try (InputStream in = open(request)) {
            Path parent = target.toAbsolutePath().getParent();
            Path partial = Files.createTempFile(parent, ".berth-download-", ".part");
            try {
                long size = Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                return size;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new BerthException("cannot download the archive of job " + ref + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private HttpRequest get(String path) {
        return request(path).timeout(CALL_TIMEOUT).GET().build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api + path)).header("Accept", JSON);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> T call(HttpRequest request, Class<T> type) {
        return parse(request, answer(request), json.constructType(type));
    }

    private <T> T call(HttpRequest request, TypeReference<T> type) {
        return parse(request, answer(request), json.constructType(type));
    }

    private byte[] answer(HttpRequest request) {
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        check(request, response.statusCode(), response.body());
        return response.body();
    }

    private <T> T parse(HttpRequest request, byte[] body, com.fasterxml.jackson.databind.JavaType type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new BerthException("the server at " + baseUrl + " sent an answer to " + describe(request)
                    + " that this client cannot read: " + e.getMessage(), e);
        }
    }

    /** Sends a request whose answer is a stream; an error answer is read whole and thrown. */
    private InputStream open(HttpRequest request) throws IOException {
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            try (InputStream in = response.body()) {
                check(request, response.statusCode(), in.readAllBytes());
            }
        }
        return response.body();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ServerUnreachableException(baseUrl, e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new ServerUnreachableException(baseUrl, e);
            }
            throw new BerthException(describe(request) + " to " + baseUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("interrupted while waiting for " + baseUrl, e);
        }
    }

    private void check(HttpRequest request, int status, byte[] body) {
        if (status >= 200 && status < 300) {
            return;
        }
        ApiError error;
        try {
            error = json.readValue(body, ApiError.class);
        } catch (IOException | RuntimeException e) {
            error = null;
        }
        if (error == null || error.message() == null) {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
            error = new ApiError("http_" + status, "the server at " + baseUrl + " answered " + status + " to "
                    + describe(request) + (text.isEmpty() ? "" : ": " + abbreviate(text)));
        }
        throw new BerthApiException(status, error);
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getRawPath();
    }

    private static String abbreviate(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String checkDigest(String digest) {
        if (digest == null || !digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 digest in lowercase hex: " + digest);
        }
        return digest;
    }

    /** Percent-encodes a job reference as one path segment, so no reference can reach another route. */
    static String segment(String ref) {
        if (ref == null || ref.isBlank() || ref.equals(".") || ref.equals("..")) {
            throw new BerthException("'" + ref + "' is not a job id or the start of one");
        }
        StringBuilder s = new StringBuilder();
        for (byte b : ref.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                s.append(c);
            } else {
                s.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return s.toString();
    }
}
