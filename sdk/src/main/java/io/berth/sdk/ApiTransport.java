package io.berth.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.ApiError;
import io.berth.wire.WireJson;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * HTTP plumbing under {@link BerthClient}: sends {@link ApiRequest}s under {@code /api/v1} with the token and turns
 * failures into the SDK's exceptions.
 *
 * <p>Built on {@link HttpURLConnection} rather than the JDK's {@code HttpClient}: a command makes one to three calls
 * and ends, and the old client sets up in a few ms what the new one spends a tenth of a second on (its selector
 * thread, its futures, the lambda forms no class archive of JDK 17 holds). Request bodies have a fixed length, so
 * that they are streamed and the JDK never sends a {@code POST} twice.
 */
final class ApiTransport {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** How long a call that answers at once may go silent; transfers get as long without a byte. Logs followed have no limit. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final String JSON = "application/json";
    /** A body larger than a socket's buffers can block its writer when the server takes nothing: it is watched. */
    private static final long WATCHED_BODY = 1 << 16;
    /** How a TLS alert record starts (type 21, version 3.x): what a TLS server answers to plain HTTP. */
    private static final byte[] TLS_ALERT = {0x15, 0x03};

    private final URI baseUrl;
    private final String api;
    private final String token;
    private final ServerTrust trust;
    private final ObjectMapper json = WireJson.mapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a newer server may add fields

    ApiTransport(URI baseUrl, String token, ServerTrust trust) {
        if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
            throw new IllegalArgumentException("not an http:// or https:// URL: " + baseUrl);
        }
        this.baseUrl = baseUrl;
        String base = baseUrl.toString();
        this.api = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1";
        this.token = token;
        this.trust = trust;
    }

    URI baseUrl() {
        return baseUrl;
    }

    ApiRequest.Body jsonBody(Object value) {
        try {
            return ApiRequest.Body.of(json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    /** Sends the request and reads a JSON answer of that type. */
    <T> T call(ApiRequest request, JavaType type) {
        byte[] body = exchange(request);
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw unreadable(request, e);
        }
    }

    JavaType type(Class<?> type) {
        return json.constructType(type);
    }

    JavaType listOf(Class<?> type) {
        return json.getTypeFactory().constructCollectionType(List.class, type);
    }

    /** Sends the request; returns the answer's body if it is a success, throws otherwise. */
    byte[] exchange(ApiRequest request) {
        try (Answer answer = send(request)) {
            byte[] body = answer.readAll();
            check(request, answer.status(), body);
            return body;
        }
    }

    /** Sends a request whose answer is a stream; an error answer is read whole and thrown. */
    InputStream open(ApiRequest request) {
        Answer answer = send(request);
        if (answer.status() >= 300) {
            try (answer) {
                check(request, answer.status(), answer.readAll());
            }
        }
        return answer.body();
    }

    /**
     * Sends a request whose answer is a JSON array and hands each element to {@code each} as it is read, so that a
     * long answer is never held whole.
     */
    <T> void eachOf(ApiRequest request, Class<T> type, Consumer<T> each) {
        try (InputStream in = open(request); MappingIterator<T> elements = json.readerFor(type).readValues(in)) {
            while (elements.hasNextValue()) {
                each.accept(elements.nextValue());
            }
        } catch (IOException e) {
            throw unreadable(request, e);
        }
    }

    /**
     * An answer of any status, its body (the error's for 4xx and 5xx) as a stream. Closing it ends the exchange; a
     * body read to its end leaves the connection for the next call.
     */
    record Answer(int status, InputStream body, ApiRequest request, ApiTransport transport) implements AutoCloseable {
        byte[] readAll() {
            try {
                return body.readAllBytes();
            } catch (IOException e) {
                throw transport.failure(request, e, Stage.ANSWERED);
            }
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // the answer is done with either way
            }
        }
    }

    /** Sends the request and returns its answer, whatever its status; throws if none came. */
    Answer send(ApiRequest request) {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) URI.create(api + request.path()).toURL().openConnection(Proxy.NO_PROXY);
        } catch (IOException | IllegalArgumentException e) {
            throw new BerthException("cannot make " + request.describe() + " to " + baseUrl + ": " + e.getMessage(), e);
        }
        trust.configure(connection);
        Duration limit = request.silenceLimit();
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout(limit == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, limit.toMillis())));
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Accept", JSON);
        if (token != null) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        request.headers().forEach(connection::setRequestProperty);
        OpenCalls calls = request.cutBy();
        if (calls != null) {
            calls.add(connection);
        }
        try {
            connection.setRequestMethod(request.method());
            if (request.body() != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(request.body().length());
            }
            connect(connection, request);
            if (calls != null) {
                calls.checkNotCut(); // cut while it connected, which disconnect() cannot stop
            }
            if (request.body() != null) {
                write(connection, request);
            }
            int status = connection.getResponseCode();
            if (status < 0) {
                throw notHttp(request);
            }
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            // a success's body is checked for its whole length; an error's is read as far as it goes: the JDK drops
            // the body of a 401 to a streamed request, and the status says enough
            long length = status >= 300 || status == 204 || request.method().equals("HEAD") ? -1
                    : connection.getContentLengthLong();
            return new Answer(status, new Closing(in == null ? InputStream.nullInputStream() : in, length, connection,
                    calls), request, this);
        } catch (IOException | RuntimeException e) {
            if (calls != null) {
                calls.remove(connection);
            }
            connection.disconnect();
            throw e instanceof BerthException berth ? berth : e instanceof IOException io ? failure(request, io, Stage.ASKING)
                    : new BerthException(request.describe() + " to " + baseUrl + " failed: " + e, e);
        }
    }

    private void connect(HttpURLConnection connection, ApiRequest request) {
        try {
            connection.connect();
        } catch (IOException e) {
            throw failure(request, e, Stage.CONNECTING);
        }
    }

    /**
     * Streams the body; one large enough to block is watched, and the connection cut once the server has taken
     * nothing of it for the request's body stall limit.
     */
    private void write(HttpURLConnection connection, ApiRequest request) throws IOException {
        ApiRequest.Body body = request.body();
        Duration limit = request.bodyStallLimit();
        if (limit == null || body.length() <= WATCHED_BODY) {
            try (OutputStream out = connection.getOutputStream()) {
                body.writeTo(out);
            }
            return;
        }
        Counting out = new Counting(connection.getOutputStream());
        StallWatch watch = new StallWatch(out, limit, connection);
        try (out) {
            body.writeTo(out);
        } catch (IOException e) {
            if (watch.fired) {
                throw new BerthException(request.describe() + " to " + baseUrl + " was given up: the server took"
                        + " nothing and answered nothing for " + seconds(limit), e);
            }
            throw e;
        } finally {
            watch.cancel();
        }
    }

    /** An answer that is not HTTP (a status line without a status). */
    private BerthException notHttp(ApiRequest request) {
        return answersWithTls() ? speaksTls(null)
                : new BerthException("the server at " + baseUrl + " did not answer " + request.describe() + " in HTTP");
    }

    /**
     * Whether the server at an {@code http://} URL speaks TLS: asked only once a call failed, with a request line of
     * its own, since the JDK's client keeps what came back to itself. A TLS server answers plain HTTP with an alert.
     */
    private boolean answersWithTls() {
        if (!"http".equalsIgnoreCase(baseUrl.getScheme())) {
            return false;
        }
        try (Socket socket = new Socket()) {
            int port = baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
            socket.connect(new InetSocketAddress(baseUrl.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            socket.getOutputStream().write(("HEAD /api/v1/status HTTP/1.1\r\nHost: " + baseUrl.getHost()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return Arrays.equals(socket.getInputStream().readNBytes(TLS_ALERT.length), TLS_ALERT);
        } catch (IOException e) {
            return false;
        }
    }

    private ServerCertificateException speaksTls(IOException cause) {
        return new ServerCertificateException(baseUrl, "the server at " + baseUrl + " answered with TLS: its URL"
                + " starts with https://", cause);
    }

    /** How far an exchange had come when it failed. */
    private enum Stage {
        CONNECTING,
        /** Connected, no answer yet. */
        ASKING,
        /** The status line had come: the server speaks HTTP. */
        ANSWERED
    }

    /** A failed exchange as the SDK's exception: nothing answers, the certificate is wrong, or what went wrong. */
    private BerthException failure(ApiRequest request, IOException e, Stage stage) {
        if (request.cutBy() != null && request.cutBy().isCut()) {
            return new BerthException(request.describe() + " to " + baseUrl + " was cut off: the client was closed", e);
        }
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            return new ServerCertificateException(baseUrl, e instanceof SSLException ? e : e.getCause());
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
            return new ServerUnreachableException(baseUrl, e);
        }
        if (e instanceof SocketTimeoutException) {
            // without a silence limit a timeout can only be the connect's (the JDK connecting again for a retry)
            return stage == Stage.CONNECTING || request.silenceLimit() == null ? new ServerUnreachableException(baseUrl, e)
                    : new BerthException(request.describe() + " to " + baseUrl + " was given up: no answer for "
                    + seconds(request.silenceLimit()), e);
        }
        if (stage != Stage.ANSWERED && answersWithTls()) {
            return speaksTls(e); // the JDK's client reads an alert for an answer that ended early
        }
        return new BerthException(request.describe() + " to " + baseUrl + " failed: " + e, e);
    }

    private BerthException unreadable(ApiRequest request, Exception e) {
        return new BerthException("the server at " + baseUrl + " sent an answer to " + request.describe()
                + " that this client cannot read: " + e.getMessage(), e);
    }

    /** Throws the server's {@link ApiError} (or a description of a non-API answer) unless the status is 2xx. */
    void check(ApiRequest request, int status, byte[] body) {
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
                    + request.describe() + (text.isEmpty() ? "" : ": " + abbreviate(text)));
        }
        if (status == 401) {
            throw new UnauthorizedException(baseUrl, token != null, error);
        }
        throw new BerthApiException(status, error);
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    private static String abbreviate(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /**
     * An answer's body. It throws if the connection ends before the length the server announced, which the JDK's
     * stream takes for the body's end: a log, bundle or archive cut short must not pass for a whole one. Closing it
     * lets the client's {@link OpenCalls} forget the connection.
     */
    private static final class Closing extends FilterInputStream {
        private final long length;
        private final HttpURLConnection connection;
        private final OpenCalls calls;
        private long read;

        Closing(InputStream in, long length, HttpURLConnection connection, OpenCalls calls) {
            super(in);
            this.length = length;
            this.connection = connection;
            this.calls = calls;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) throws IOException {
            int n = super.read(bytes, offset, count);
            counted(n);
            return n;
        }

        @Override
        public boolean markSupported() {
            return false; // a reset would count bytes twice
        }

        @Override
        public synchronized void mark(int limit) {
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("an answer's body cannot be read twice");
        }

        @Override
        public long skip(long count) throws IOException {
            long n = super.skip(count);
            read += n;
            return n;
        }

        private void counted(int n) throws IOException {
            if (n >= 0) {
                read += n;
            } else if (length >= 0 && read < length) {
                throw new IOException("the connection ended after " + read + " of the " + length + " bytes announced");
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                if (calls != null) {
                    calls.remove(connection);
                }
            }
        }
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends FilterOutputStream {
        volatile long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }

    /** Cuts a connection whose body has not moved for a whole limit. */
    private static final class StallWatch {
        /** One daemon thread for every watched upload of the JVM, made with the first. */
        private static final class Watchdog {
            static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "berth-upload-watchdog");
                thread.setDaemon(true);
                return thread;
            });
        }

        private final ScheduledFuture<?> check;
        private volatile boolean fired;
        private long seen;
        private long movedAt = System.nanoTime();

        /** Looks four times per limit, so that a stall is cut between one and one and a quarter limits. */
        StallWatch(Counting body, Duration limit, HttpURLConnection connection) {
            long period = Math.max(1, limit.toMillis() / 4);
            this.check = Watchdog.THREAD.scheduleAtFixedRate(() -> {
                long count = body.count;
                long now = System.nanoTime();
                if (count != seen) {
                    seen = count;
                    movedAt = now;
                } else if (now - movedAt >= limit.toNanos()) {
                    fired = true;
                    connection.disconnect(); // the blocked write fails
                    throw new IllegalStateException("stalled"); // and this check ends
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }

        void cancel() {
            check.cancel(false);
        }
    }
}
