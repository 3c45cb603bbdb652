package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.config.MemorySize;
import io.berth.config.SchedulingConfig;
import io.berth.daemon.storage.TestBundles;
import io.berth.wire.ApiError;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.VolumeMount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad and hostile input sent to a real server over its API: each kind of malicious bundle, job spec and
 * request gets a clear error naming what is wrong, and nothing outside the job's own directory changes.
 */
class HostileInputIT {
    @TempDir
    static Path home;

    private static TestDaemon daemon;
    private static TestApi api;
    private static Path outside;

    private static final int MAX_ENTRIES = 1000;

    @BeforeAll
    static void start() throws IOException {
        SchedulingConfig small = SchedulingConfig.defaults();
        small = new SchedulingConfig(small.cpus(), small.memory(), small.gpus(), small.starvationBound(),
                small.defaultMaxAttempts(), small.pidsLimit(), small.maxLogSize(), small.archiveRetention(),
                new SchedulingConfig.BundleLimits(new MemorySize(8L << 20), new MemorySize(16L << 20), MAX_ENTRIES));
        daemon = new TestDaemon(TestApi.config(home, null).withScheduling(small));
        api = daemon.api;
        outside = Files.createDirectories(home.resolve("outside"));
        Files.writeString(outside.resolve("canary"), "untouched");
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    /** A tar.gz written entry by entry. */
    private static byte[] tarGz(Consumer<TarArchiveOutputStream> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.accept(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String text) {
        try {
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void special(TarArchiveOutputStream tar, String name, byte type, String linkTarget) {
        try {
            TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
            if (linkTarget != null) {
                entry.setLinkName(linkTarget);
            }
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNothingOutsideChanged() throws IOException {
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("canary");
        }
        assertThat(outside.resolve("canary")).hasContent("untouched");
        assertThat(Path.of("/tmp/berth-hostile-escape")).doesNotExist();
    }

    /** Uploads the bundle: its answer. */
    private static HttpResponse<String> put(byte[] bundle) throws Exception {
        return api.send(api.request("/bundles/" + TestBundles.sha256(bundle))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bundle)));
    }

    /** The upload is refused with 400 naming what is wrong, and nothing of it is kept. */
    private static void assertRefusedAtUpload(String what, byte[] bundle, String says) throws Exception {
        HttpResponse<String> refused = put(bundle);
        assertThat(refused.statusCode()).as(what).isEqualTo(400);
        ApiError error = TestApi.JSON.readValue(refused.body(), ApiError.class);
        assertThat(error.code()).as(what).isEqualTo("bad_bundle");
        assertThat(error.message()).as(what).contains(says);
        String digest = TestBundles.sha256(bundle);
        assertThat(api.send(api.request("/bundles/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode()).as(what + ": not stored").isEqualTo(404);
        try (Stream<Path> incoming = Files.list(home.resolve("data/bundles/incoming"))) {
            assertThat(incoming).as(what + ": nothing left of the upload").isEmpty();
        }
    }

    private static Map<String, byte[]> maliciousBundles() {
        String up = "../".repeat(12);
        return Map.of(
                "../escape", tarGz(t -> file(t, "job_source/../../../outside/escape", "x")),
                "/tmp/berth-hostile-escape", tarGz(t -> file(t, "/tmp/berth-hostile-escape", "x")),
                "link", tarGz(t -> {
                    special(t, "link", TarConstants.LF_SYMLINK, outside.toString());
                    file(t, "link/escape", "x");
                }),
                "hard", tarGz(t -> special(t, "hard", TarConstants.LF_LINK, up + "etc/passwd")),
                "null", tarGz(t -> special(t, "null", TarConstants.LF_CHR, null)),
                "fifo", tarGz(t -> special(t, "fifo", TarConstants.LF_FIFO, null)));
    }

    @Test
    void maliciousBundlesAreRefusedAtUploadNamingTheEntryAndWriteNothingOutside() throws Exception {
        for (Map.Entry<String, byte[]> bundle : maliciousBundles().entrySet()) {
            assertRefusedAtUpload(bundle.getKey(), bundle.getValue(), bundle.getKey().replace("../", ""));
        }
        assertNothingOutsideChanged();
    }

    /** A bundle that reached the store another way (an older server took it) is still checked as it unpacks. */
    @Test
    void aMaliciousBundleAlreadyInTheStoreFailsItsJobNamingTheEntry() throws Exception {
        for (Map.Entry<String, byte[]> bundle : maliciousBundles().entrySet()) {
            String digest = TestBundles.sha256(bundle.getValue());
            Files.write(home.resolve("data/bundles/" + digest + ".tar.gz"), bundle.getValue());
            JobView job = api.submitted(new SubmitJobRequest(digest, "hostile", List.of("main.py"), null, null));
            await().atMost(Duration.ofSeconds(60)).until(() -> api.job(job.id()).finished());
            JobView failed = api.job(job.id());
            assertThat(failed.state()).as(bundle.getKey()).isEqualTo("failed");
            assertThat(failed.reason()).as(bundle.getKey()).startsWith("cannot prepare the job's files")
                    .contains(bundle.getKey().replace("../", ""));
        }
        assertNothingOutsideChanged();
    }

    @Test
    void aCorruptGzipAndADecompressionBombAreRefused() throws Exception {
        assertRefusedAtUpload("corrupt", "\u001f\u008b not really gzip".getBytes(StandardCharsets.ISO_8859_1), "");
        assertRefusedAtUpload("many", tarGz(t -> {
            for (int i = 0; i <= MAX_ENTRIES; i++) {
                file(t, "f" + i, "");
            }
        }), "more than " + MAX_ENTRIES + " entries");
        // 64 MB of zeros gzip to about 64 kB, under the 8 MB upload cap; the check stops at 16 MB
        assertRefusedAtUpload("bomb", tarGz(t -> file(t, "zeros", "\0".repeat(64 << 20))), "unpacks to more than 16 MB");

        byte[] tooLarge = new byte[10 << 20];
        new java.util.Random(1).nextBytes(tooLarge);
        HttpResponse<String> refused = put(tooLarge);
        assertThat(refused.statusCode()).isEqualTo(413);
        try (Stream<Path> partial = Files.list(home.resolve("data/bundles/incoming"))) {
            assertThat(partial).isEmpty();
        }
        assertNothingOutsideChanged();
    }

    @Test
    void specsThatWouldHandTheJobTheHostAreRefusedNamingTheVolume() throws Exception {
        String digest = api.upload(Map.of("main.py", "print(1)\n"));
        for (String hostPath : List.of("/", "/var/run/docker.sock", "/etc", "/proc", outside + "/../outside",
                home.resolve("data").toString())) {
            HttpResponse<String> refused = api.submit(new SubmitJobRequest(digest, "hostile", List.of("main.py"), null,
                    new JobSpec(null, null, null, Map.of(), List.of(new VolumeMount(hostPath, "/host", false)), null)));
            assertThat(refused.statusCode()).as(hostPath).isEqualTo(400);
            assertThat(TestApi.JSON.readValue(refused.body(), ApiError.class).message()).as(hostPath)
                    .startsWith("worker.volumes: " + hostPath);
        }
        String missing = outside.resolve("nonexistent").toString();
        HttpResponse<String> notThere = api.submit(new SubmitJobRequest(digest, "hostile", List.of("main.py"), null,
                new JobSpec(null, null, null, Map.of(), List.of(new VolumeMount(missing, "/data", true)), null)));
        assertThat(notThere.statusCode()).isEqualTo(400);
        assertThat(TestApi.JSON.readValue(notThere.body(), ApiError.class).message())
                .startsWith("worker.volumes: " + missing + ": does not exist on the server");
        assertThat(Path.of(missing)).doesNotExist();
        HttpResponse<String> badEnv = api.submit(new SubmitJobRequest(digest, "hostile", List.of("main.py"), null,
                new JobSpec(null, null, null, Map.of("LD_PRELOAD=x", "y"), List.of(), null)));
        assertThat(badEnv.statusCode()).isEqualTo(400);
        assertThat(badEnv.body()).contains("not a variable name");

        String privileged = """
                {"bundleDigest": "%s", "project": "hostile", "command": ["main.py"],
                 "spec": {"privileged": true, "capAdd": ["SYS_ADMIN"]}}""".formatted(digest);
        HttpResponse<String> unknown = api.send(api.request("/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(privileged)));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("privileged");
        assertThat(api.send(api.request("/jobs?project=hostile")).body()).doesNotContain("\"queued\"");
    }

    @Test
    void requestsWithTraversalOrOversizedBodiesAreRefused() throws Exception {
        for (String id : List.of("..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "a%00b")) {
            int status = api.send(api.request("/jobs/" + id + "/archive")).statusCode();
            assertThat(status).as(id).isIn(400, 404);
        }
        String huge = "{\"project\": \"" + "x".repeat(9 * 1024 * 1024) + "\"}";
        HttpResponse<String> tooBig = api.send(api.request("/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(huge)));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertNothingOutsideChanged();
    }
}
