package io.berth.daemon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections to one Docker engine, and the time limits on its calls.
 *
 * <p>Two clients, because httpclient5's response timeout is a socket read timeout on every request: it
 * would cut a {@code wait} or {@code logs --follow} that stays silent for longer than it. Ordinary
 * calls use a client that has one; calls that last as long as a container ({@code wait}, {@code logs
 * --follow}, {@code stop}, {@code pull}) use one that has none.
 *
 * <p>And a {@link CallDeadline} on top, because over a unix socket docker-java's socket ignores that
 * read timeout altogether: without the deadline a hung engine would hang its callers for good.
 *
 * <p>Both clients are made anew when the engine comes back after it was seen away, and when a connection
 * breaks under a call (an engine restarted between two looks): docker-java's pool never checks an idle
 * connection before it reuses it, so each pooled one the old engine closed would fail a call with
 * {@code Broken pipe}. An ordinary call whose connection broke so is tried once more, on a new connection:
 * an engine that closed the connection never read the request.
 */
public final class DockerClients implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerClients.class);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #answers()} waits for the engine's ping. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_CALL_CONNECTIONS = 50;
    // two per running job (logs and wait), plus stops and pulls
    private static final int MAX_STREAM_CONNECTIONS = 200;

    private final URI host;
    private final boolean tls;
    private final Duration callTimeout;
    private final DockerClientConfig config;
    private volatile DockerClient calls;
    private volatile DockerClient streams;
    private final CallDeadline deadline = new CallDeadline();
    /** Whether the last ping found the engine away (guarded by {@code this}). */
    private boolean seenAway;
    /** How many times the clients were made anew. */
    private final AtomicInteger renewals = new AtomicInteger();
    /** At most one renewal a second: while the engine is away every call fails, and one new pool will do. */
    private static final Duration RENEWAL_SPACING = Duration.ofSeconds(1);
    /** When (System.nanoTime) the clients were last made anew (guarded by {@code this}). */
    private long renewedAt = System.nanoTime() - RENEWAL_SPACING.toNanos();

    private DockerClients(DockerClientConfig config, Duration callTimeout) {
        this.config = config;
        this.host = config.getDockerHost();
        this.tls = config.getSSLConfig() != null;
        this.callTimeout = callTimeout;
        this.calls = client(config, callTimeout, MAX_CALL_CONNECTIONS);
        this.streams = client(config, null, MAX_STREAM_CONNECTIONS);
    }

    /** The engine named by DOCKER_HOST (or docker-java's settings), else unix:///var/run/docker.sock. */
    public static DockerClients fromEnvironment() {
        return connect(DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost(), CALL_TIMEOUT);
    }

    public static DockerClients connect(URI host, Duration callTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .build();
        return new DockerClients(config, callTimeout);
    }

    private static DockerClient client(DockerClientConfig config, Duration responseTimeout, int maxConnections) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout)
                .maxConnections(maxConnections)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    public URI host() {
        return host;
    }

    /**
     * Whether the engine answers a ping on a connection of its own within {@link #PROBE_TIMEOUT}. An engine
     * shutting down stops taking connections first and stops its containers after, while it still serves
     * the connections it has (pooled ones included): a container that ends while this is false was stopped
     * by the engine, not by itself. A ping, not a bare connect, because under systemd's socket activation
     * the socket takes connections while no engine serves them. A TLS host is only connected to, and
     * hosts that cannot be probed this cheaply ({@code npipe}, {@code ssh}) count as answering.
     */
    public boolean answers() {
        boolean answers;
        try {
            answers = deadline.run(PROBE_TIMEOUT, this::ping);
        } catch (CancellationException interrupted) {
            throw interrupted; // the caller is being stopped, which says nothing about the engine
        } catch (RuntimeException noAnswer) {
            answers = false;
        }
        backAfterAway(answers);
        return answers;
    }

    /** An engine that answers again after it was seen away closed every connection it had: make new ones. */
    private void backAfterAway(boolean answers) {
        synchronized (this) {
            boolean back = answers && seenAway;
            seenAway = !answers;
            if (!back) {
                return;
            }
        }
        renew("the engine answers again");
    }

    /**
     * Makes both clients anew; the old ones are closed a call timeout later, once calls under way on them
     * have ended (a follow cut so is followed again by its runner).
     */
    void renew(String why) {
        DockerClient oldCalls;
        DockerClient oldStreams;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - renewedAt < RENEWAL_SPACING.toNanos()) {
                return;
            }
            renewedAt = now;
            oldCalls = calls;
            oldStreams = streams;
            calls = client(config, callTimeout, MAX_CALL_CONNECTIONS);
            streams = client(config, null, MAX_STREAM_CONNECTIONS);
        }
        renewals.incrementAndGet();
        LOG.info("new connections to the Docker engine at {}: {}", host, why);
        Executor later = CompletableFuture.delayedExecutor(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        later.execute(() -> closeQuietly(oldCalls));
        later.execute(() -> closeQuietly(oldStreams));
    }

    /** How many times the connections were made anew (for tests and the log). */
    int renewals() {
        return renewals.get();
    }

    /** After a call failed: if its connection broke, the next calls get new ones. */
    void noteFailure(RuntimeException e) {
        if (DockerErrors.brokenConnection(e)) {
            renew("a connection broke: " + DockerErrors.engineCause(e));
        }
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing retired Docker client: {}", e.getMessage());
        }
    }

    private boolean ping() {
        try {
            switch (host.getScheme()) {
                case "unix" -> {
                    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        channel.connect(UnixDomainSocketAddress.of(host.getPath()));
                        return answersHttp(Channels.newInputStream(channel), Channels.newOutputStream(channel));
                    }
                }
                case "tcp", "http", "https" -> {
                    try (Socket socket = new Socket()) {
                        int port = host.getPort() >= 0 ? host.getPort() : tls ? 2376 : 2375;
                        socket.connect(new InetSocketAddress(host.getHost(), port), (int) PROBE_TIMEOUT.toMillis());
                        socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis()); // a plain socket's read ignores interrupts
                        return tls || answersHttp(socket.getInputStream(), socket.getOutputStream());
                    }
                }
                default -> {
                    return true;
                }
            }
        } catch (IOException refused) {
            return false;
        }
    }

    /** Any HTTP answer to {@code GET /_ping} means an engine is serving. */
    private static boolean answersHttp(InputStream in, OutputStream out) throws IOException {
        out.write("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("HTTP/");
    }

    /** How long an ordinary call may take before it fails. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** An ordinary call, which the engine answers at once: it fails after the call timeout. */
    public <T> T call(Function<DockerClient, T> call) {
        DockerClient client = calls;
        try {
            return deadline.run(callTimeout, () -> call.apply(client));
        } catch (RuntimeException e) {
            if (!DockerErrors.brokenConnection(e)) {
                throw e;
            }
            if (client == calls) {
                noteFailure(e);
            }
            DockerClient fresh = calls;
            return deadline.run(callTimeout, () -> call.apply(fresh));
        }
    }

    /** A call the engine may rightly take {@code expected} to answer ({@code stop}): it fails a call timeout later. */
    public <T> T slowCall(Duration expected, Function<DockerClient, T> call) {
        try {
            return deadline.run(expected.plus(callTimeout), () -> call.apply(streams));
        } catch (RuntimeException e) {
            noteFailure(e);
            throw e;
        }
    }

    /**
     * The client for asynchronous calls that last as long as a container or a pull; it has no response
     * timeout, so whoever waits on one bounds the wait or means to wait for the container.
     */
    public DockerClient streams() {
        return streams;
    }

    @Override
    public void close() {
        deadline.close();
        try (DockerClient lastCalls = calls; DockerClient lastStreams = streams) {
            // closes both, the second even if the first fails
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Docker clients for " + host, e);
        }
    }
}
