package io.berth.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call to the API as {@link BerthClient} and {@link AgentChannel} describe it, for {@link ApiTransport} to send:
 * a method, a path under {@code /api/v1} (with its query), headers, a body, and how long the exchange may go silent.
 */
final class ApiRequest {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Body body;
    private Duration silenceLimit;
    private Duration bodyStallLimit;
    private OpenCalls cutBy;

    private ApiRequest(String method, String path) {
        this.method = method;
        this.path = path;
    }

    static ApiRequest get(String path) {
        return new ApiRequest("GET", path);
    }

    static ApiRequest head(String path) {
        return new ApiRequest("HEAD", path);
    }

    static ApiRequest post(String path, Body body) {
        return new ApiRequest("POST", path).body(body);
    }

    static ApiRequest put(String path, Body body) {
        return new ApiRequest("PUT", path).body(body);
    }

    /** With an empty body of fixed length, as every call that is not a read: the JDK sends those only once. */
    static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path).body(Body.empty());
    }

    ApiRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /**
     * Gives the exchange up once it has gone {@code limit} without a byte either way: no byte of a body taken by the
     * server, no byte of the answer. Without one a call waits as long as TCP keeps the connection, which for a server
     * cut off mid-call is a quarter of an hour when writing and forever when reading.
     */
    ApiRequest silenceLimit(Duration limit) {
        this.silenceLimit = limit;
        return this;
    }

    /**
     * Gives up a body the server takes nothing of for {@code limit}, whatever the {@link #silenceLimit} (by default the
     * same): for an upload whose answer may take long after its last byte (the server checks a bundle whole), and so
     * has none.
     */
    ApiRequest bodyStallLimit(Duration limit) {
        this.bodyStallLimit = limit;
        return this;
    }

    /** Lets {@code calls} cut this exchange off while it is open (a client that is being closed). */
    ApiRequest cutBy(OpenCalls calls) {
        this.cutBy = calls;
        return this;
    }

    private ApiRequest body(Body body) {
        this.body = body;
        return this;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    Map<String, String> headers() {
        return headers;
    }

    Body body() {
        return body;
    }

    Duration silenceLimit() {
        return silenceLimit;
    }

    Duration bodyStallLimit() {
        return bodyStallLimit != null ? bodyStallLimit : silenceLimit;
    }

    OpenCalls cutBy() {
        return cutBy;
    }

    /** How errors name the call: its method and path, without the query. */
    String describe() {
        int query = path.indexOf('?');
        return method + " /api/v1" + (query < 0 ? path : path.substring(0, query));
    }

    /** A request body of a known length, so that it is streamed as it is written and never sent twice. */
    interface Body {
        long length();

        void writeTo(OutputStream out) throws IOException;

        static Body of(byte[] bytes) {
            return new Body() {
                @Override
                public long length() {
                    return bytes.length;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write(bytes);
                }
            };
        }

        static Body empty() {
            return of(new byte[0]);
        }

        /** The file as it is when sent; {@code progress} gets the running total of bytes written, as they go. */
        static Body ofFile(Path file, java.util.function.LongConsumer progress) {
            return new Body() {
                @Override
                public long length() {
                    try {
                        return Files.size(file);
                    } catch (IOException e) {
                        throw new BerthException("cannot read " + file + ": " + e.getMessage(), e);
                    }
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    byte[] buffer = new byte[1 << 16];
                    long sent = 0;
                    try (InputStream in = Files.newInputStream(file)) {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            out.write(buffer, 0, n);
                            sent += n;
                            progress.accept(sent);
                        }
                    }
                }
            };
        }
    }
}
