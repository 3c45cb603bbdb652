package io.berth.daemon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Function;

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
 */
public final class DockerClients implements Closeable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_CALL_CONNECTIONS = 50;
    // two per running job (logs and wait), plus stops and pulls
    private static final int MAX_STREAM_CONNECTIONS = 200;

    private final URI host;
    private final Duration callTimeout;
    private final DockerClient calls;
    private final DockerClient streams;
    private final CallDeadline deadline = new CallDeadline();

    private DockerClients(URI host, Duration callTimeout, DockerClient calls, DockerClient streams) {
        this.host = host;
        this.callTimeout = callTimeout;
        this.calls = calls;
        this.streams = streams;
    }

    /** The engine named by DOCKER_HOST (or docker-java's settings), else unix:///var/run/docker.sock. */
    public static DockerClients fromEnvironment() {
        return connect(DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost(), CALL_TIMEOUT);
    }

    public static DockerClients connect(URI host, Duration callTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .build();
        return new DockerClients(config.getDockerHost(), callTimeout,
                client(config, callTimeout, MAX_CALL_CONNECTIONS),
                client(config, null, MAX_STREAM_CONNECTIONS));
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
     * Whether the engine takes new connections now. An engine shutting down closes its socket first and
     * stops its containers after, while answering the connections it already has: a container that ends
     * while this is false was stopped by the engine, not by itself. Hosts that cannot be probed this
     * cheaply ({@code npipe}, {@code ssh}) count as listening.
     */
    public boolean listening() {
        try {
            switch (host.getScheme()) {
                case "unix" -> {
                    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        probe.connect(UnixDomainSocketAddress.of(host.getPath()));
                    }
                }
                case "tcp", "http", "https" -> {
                    try (Socket probe = new Socket()) {
                        probe.connect(new InetSocketAddress(host.getHost(), host.getPort() < 0 ? 2375 : host.getPort()),
                                (int) CONNECT_TIMEOUT.toMillis());
                    }
                }
                default -> {
                    return true;
                }
            }
            return true;
        } catch (IOException | RuntimeException refused) {
            return false;
        }
    }

    /** An ordinary call, which the engine answers at once: it fails after the call timeout. */
    public <T> T call(Function<DockerClient, T> call) {
        return deadline.run(callTimeout, () -> call.apply(calls));
    }

    /** A call the engine may rightly take {@code expected} to answer ({@code stop}): it fails a call timeout later. */
    public <T> T slowCall(Duration expected, Function<DockerClient, T> call) {
        return deadline.run(expected.plus(callTimeout), () -> call.apply(streams));
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
        try (calls; streams) {
            // closes both, the second even if the first fails
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Docker clients for " + host, e);
        }
    }
}
