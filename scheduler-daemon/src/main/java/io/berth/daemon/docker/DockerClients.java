package io.berth.daemon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/**
 * Two clients for one Docker engine. httpclient5's response timeout is a socket read timeout on every
 * request, so it would cut a {@code wait} or {@code logs --follow} that stays silent for longer than
 * it: ordinary calls go through {@link #calls()}, which has one, and calls that last as long as a
 * container does ({@code wait}, {@code logs --follow}, {@code stop}, {@code pull}) through
 * {@link #streams()}, which has none and is bounded by the container or by an explicit wait instead.
 */
public final class DockerClients implements Closeable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_CALL_CONNECTIONS = 50;
    // two per running job (logs and wait), plus stops and pulls
    private static final int MAX_STREAM_CONNECTIONS = 200;

    private final URI host;
    private final DockerClient calls;
    private final DockerClient streams;

    private DockerClients(URI host, DockerClient calls, DockerClient streams) {
        this.host = host;
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
        return new DockerClients(config.getDockerHost(),
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

    /** For calls that answer at once; a silent engine fails them after the call timeout. */
    public DockerClient calls() {
        return calls;
    }

    /** For calls that last as long as a container or a pull; no response timeout. */
    public DockerClient streams() {
        return streams;
    }

    @Override
    public void close() {
        try (calls; streams) {
            // closes both, the second even if the first fails
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Docker clients for " + host, e);
        }
    }
}
