package io.berth.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.ApiError;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * HTTP plumbing under {@link BerthClient}: builds requests under {@code /api/v1} with the token, sends them,
 * and turns failures into the SDK's exceptions.
 */
final class ApiTransport {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** For calls that answer at once; uploads and log streams have no limit. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final String JSON = "application/json";
    /** How a TLS alert record starts (type 21, version 3.x): what a TLS server answers to plain HTTP. */
    private static final String TLS_ALERT = "\u0015\u0003";

    private final URI baseUrl;
    private final String api;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = WireJson.mapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a newer server may add fields

    ApiTransport(URI baseUrl, String token, ServerTrust trust) {
        this.baseUrl = baseUrl;
        String base = baseUrl.toString();
        this.api = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1";
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        trust.configure(builder, baseUrl);
        this.http = builder.build();
    }

    URI baseUrl() {
        return baseUrl;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api + path)).header("Accept", JSON);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    HttpRequest.BodyPublisher jsonBody(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    /** Sends the request and reads a JSON answer of that type. */
    <T> T call(HttpRequest request, JavaType type) {
        byte[] body = exchange(request);
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new BerthException("the server at " + baseUrl + " sent an answer to " + describe(request)
                    + " that this client cannot read: " + e.getMessage(), e);
        }
    }

    JavaType type(Class<?> type) {
        return json.constructType(type);
    }

    JavaType listOf(Class<?> type) {
        return json.getTypeFactory().constructCollectionType(List.class, type);
    }

    /** Sends the request; returns the answer's body if it is a success, throws otherwise. */
    byte[] exchange(HttpRequest request) {
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        check(request, response.statusCode(), response.body());
        return response.body();
    }

    /** Sends a request whose answer is a stream; an error answer is read whole and thrown. */
    InputStream open(HttpRequest request) throws IOException {
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            try (InputStream in = response.body()) {
                check(request, response.statusCode(), in.readAllBytes());
            }
        }
        return response.body();
    }

    /**
     * Sends a request whose answer is a JSON array and hands each element to {@code each} as it is read, so that a
     * long answer is never held whole.
     */
    <T> void eachOf(HttpRequest request, Class<T> type, Consumer<T> each) {
        try (InputStream in = open(request); MappingIterator<T> elements = json.readerFor(type).readValues(in)) {
            while (elements.hasNextValue()) {
                each.accept(elements.nextValue());
            }
        } catch (IOException e) {
            throw new BerthException("the server at " + baseUrl + " sent an answer to " + describe(request)
                    + " that this client cannot read: " + e.getMessage(), e);
        }
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw failure(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("interrupted while waiting for " + baseUrl, e);
        }
    }

    /**
     * As {@link #exchange}, for a request whose body counts the bytes it has handed over in {@code sent}: given up
     * once neither a byte of the body nor the answer came for {@code stall}. A server cut off mid-upload takes
     * nothing more, and TCP alone would keep trying for about a quarter of an hour.
     */
    byte[] exchangeUnlessStalled(HttpRequest request, AtomicLong sent, Duration stall) {
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        long seen = sent.get();
        while (true) {
            try {
                HttpResponse<byte[]> response = answer.get(stall.toMillis(), TimeUnit.MILLISECONDS);
                check(request, response.statusCode(), response.body());
                return response.body();
            } catch (TimeoutException e) {
                if (sent.get() == seen) {
                    answer.cancel(true);
                    throw new BerthException(describe(request) + " to " + baseUrl + " was given up: the server took"
                            + " nothing and answered nothing for " + stall.toSeconds() + " s", e);
                }
                seen = sent.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? failure(request, io)
                        : new BerthException(describe(request) + " to " + baseUrl + " failed: " + e.getCause(), e);
            } catch (InterruptedException e) {
                answer.cancel(true);
                Thread.currentThread().interrupt();
                throw new BerthException("interrupted while waiting for " + baseUrl, e);
            }
        }
    }

    /** A failed exchange as the SDK's exception: nothing answers, the certificate is wrong, or what went wrong. */
    private BerthException failure(HttpRequest request, IOException e) {
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof ConnectException) {
            return new ServerUnreachableException(baseUrl, e);
        }
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            return new ServerCertificateException(baseUrl, e instanceof SSLException ? e : e.getCause());
        }
        if ("http".equalsIgnoreCase(baseUrl.getScheme()) && String.valueOf(e.getMessage()).contains(TLS_ALERT)) {
            return new ServerCertificateException(baseUrl, "the server at " + baseUrl + " answered with TLS: its"
                    + " URL starts with https://", e);
        }
        return new BerthException(describe(request) + " to " + baseUrl + " failed: " + e, e);
    }

    /** Throws the server's {@link ApiError} (or a description of a non-API answer) unless the status is 2xx. */
    void check(HttpRequest request, int status, byte[] body) {
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
        if (status == 401) {
            throw new UnauthorizedException(baseUrl, token != null, error);
        }
        throw new BerthApiException(status, error);
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getRawPath();
    }

    private static String abbreviate(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
