package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.config.ServerConfig;
import io.berth.daemon.storage.TestBundles;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.WireJson;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Plain HTTP calls to a test daemon, as any client would make them (the daemon does not know the SDK). */
final class TestApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = WireJson.mapper();

    private final String base;
    private final String token;

    TestApi(int port) {
        this("http://127.0.0.1:" + port, null);
    }

    private TestApi(String server, String token) {
        this.base = server + "/api/v1";
        this.token = token;
    }

    /** The same server, sending {@code Authorization: Bearer <token>} with every request. */
    TestApi withToken(String newToken) {
        return new TestApi(base.substring(0, base.length() - "/api/v1".length()), newToken);
    }

    /** A server on free ports with 2 slots and a 2 s stop grace, keeping everything under {@code home}. */
    static ServerConfig config(Path home, java.net.URI redisUrl) {
        return config(home, redisUrl, null);
    }

    /** As {@link #config(Path, URI)}, on the Docker engine at {@code dockerHost} (null: the machine's). */
    static ServerConfig config(Path home, java.net.URI redisUrl, URI dockerHost) {
        return new ServerConfig("127.0.0.1", 0, redisUrl, 0, "everysec", home.resolve("data"), 2,
                ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), "berth",
                dockerHost == null ? null : dockerHost.toString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    String upload(Map<String, String> files) throws Exception {
        return upload(TestBundles.tarGz(files));
    }

    String upload(byte[] bundle) throws Exception {
        String digest = TestBundles.sha256(bundle);
        HttpResponse<String> put = send(request("/bundles/" + digest).PUT(HttpRequest.BodyPublishers.ofByteArray(bundle)));
        assertThat(put.statusCode()).isEqualTo(201);
        return digest;
    }

    HttpResponse<String> submit(SubmitJobRequest request) throws Exception {
        return send(request("/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))));
    }

    JobView submitted(SubmitJobRequest request) throws Exception {
        HttpResponse<String> created = submit(request);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readValue(created.body(), JobView.class);
    }

    JobView job(String id) throws Exception {
        return JSON.readValue(send(request("/jobs/" + id)).body(), JobView.class);
    }

    String logs(String id, boolean follow) throws Exception {
        return send(request("/jobs/" + id + "/logs?follow=" + follow)).body();
    }

    /** One file of the job's archive, as {@code berth get job} downloads it. */
    String archivedFile(String id, String name) throws Exception {
        HttpResponse<byte[]> archive = HTTP.send(request("/jobs/" + id + "/archive").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(archive.statusCode()).isEqualTo(200);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(archive.body())))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + name + " in the archive of job " + id);
    }
}
