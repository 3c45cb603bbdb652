package io.berth.sdk;

import static io.berth.sdk.TestJobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.JobView;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JobHandleTest {
    @TempDir
    Path dir;
    private FakeBerthServer server;
    private Berth berth;
    private JobHandle job;
    /** What GET /jobs/j1 answers, one per request; the last one stays. */
    private final Deque<JobView> states = new ArrayDeque<>();

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeBerthServer();
        server.on("GET", "/jobs/j1", (ex, req) -> {
            JobView view;
            synchronized (states) {
                view = states.size() > 1 ? states.poll() : states.peek();
            }
            FakeBerthServer.respond(ex, 200, view);
        });
        berth = Berth.of(new BerthClient(server.url(), null));
        job = new JobHandle(berth.client(), "j1");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void thenServes(TestJobs... views) {
        synchronized (states) {
            states.clear();
            for (TestJobs view : views) {
                states.add(view.build());
            }
        }
    }

    @Test
    void awaitReturnsTheFinishedJob() {
        thenServes(aJob("j1"), aJob("j1").running(), aJob("j1").running(),
                aJob("j1").finishedAt(3).metrics(Map.of("score", 0.9)));

        JobView done = job.await(Duration.ofSeconds(30));

        assertThat(done.state()).isEqualTo("completed");
        assertThat(done.metrics()).containsEntry("score", 0.9);
        assertThat(server.requests).hasSize(4);
    }

    @Test
    void awaitTimesOutNamingTheJobAndItsState() {
        thenServes(aJob("j1").running());
        long start = System.nanoTime();

        assertThatThrownBy(() -> job.await(Duration.ofMillis(350)))
                .isInstanceOf(AwaitTimeoutException.class)
                .hasMessage("job j1 is still running after 350 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(350), Duration.ofSeconds(3));
        assertThat(server.requests.size()).as("backs off: 100, 200, then what is left").isBetween(3, 5);
    }

    @Test
    void theViewStatusParamsAndMetricsAreTheServers() {
        thenServes(aJob("j1").running().params(Map.of("lr", 0.1)).metrics(Map.of("loss", 0.5)));

        assertThat(job.status()).isEqualTo("running");
        assertThat(job.params()).containsEntry("lr", 0.1);
        assertThat(job.metrics()).containsEntry("loss", 0.5);
    }

    @Test
    void aPrefixIsResolvedToTheFullId() {
        thenServes(aJob("j1"));
        server.json("GET", "/jobs/j", 200, aJob("j1").build());

        assertThat(berth.job("j").id()).isEqualTo("j1");
    }

    @Test
    void logsAreTheWholeLogSoFar() {
        server.on("GET", "/jobs/j1/logs", (ex, req) -> {
            assertThat(req.query()).isEqualTo("follow=false&offset=0");
            FakeBerthServer.respond(ex, 200, "line 1\nline ü\n".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(job.logs()).isEqualTo("line 1\nline ü\n");
    }

    @Test
    void followLogsPicksUpWhereABrokenConnectionLeftOff() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> serveRaw(socket, requests));
            serverThread.setDaemon(true);
            serverThread.start();
            JobHandle overRaw = new JobHandle(new BerthClient(
                    URI.create("http://127.0.0.1:" + socket.getLocalPort()), null), "j1");
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            JobView done = overRaw.followLogs(out);

            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello world\n");
            assertThat(requests).containsExactly(
                    "/api/v1/jobs/j1",
                    "/api/v1/jobs/j1/logs?follow=true&offset=0&attempt=1",
                    "/api/v1/jobs/j1/logs?follow=true&offset=6&attempt=1",
                    "/api/v1/jobs/j1",
                    "/api/v1/jobs/j1/logs?follow=false&offset=12&attempt=1");
            assertThat(done.state()).isEqualTo("completed");
        }
    }

    /**
     * One connection per request, answered by hand: the log stream from offset 0 promises 100 bytes, sends 6
     * and drops the connection, as a network fault or a server restart would.
     */
    private static void serveRaw(ServerSocket socket, List<String> requests) {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String path = in.readLine().split(" ")[1];
                while (!in.readLine().isEmpty()) {
                    // headers
                }
                requests.add(path);
                OutputStream out = connection.getOutputStream();
                String type = "text/plain";
                byte[] body;
                int promised;
                if (path.contains("offset=0")) {
                    body = "hello ".getBytes(StandardCharsets.UTF_8);
                    promised = 100;
                } else if (path.endsWith("/jobs/j1")) {
                    body = FakeBerthServer.JSON.writeValueAsBytes(aJob("j1").finishedAt(2).build());
                    type = "application/json";
                    promised = body.length;
                } else {
                    body = path.contains("offset=6") ? "world\n".getBytes(StandardCharsets.UTF_8) : new byte[0];
                    promised = body.length;
                }
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + promised
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                return; // the socket was closed at the end of the test
            }
        }
    }

    @Test
    void followLogsGivesUpWhenTheCallersStreamBreaks() {
        thenServes(aJob("j1").running());
        server.on("GET", "/jobs/j1/logs", (ex, req) ->
                FakeBerthServer.respond(ex, 200, "hello\n".getBytes(StandardCharsets.UTF_8)));
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };

        assertThatThrownBy(() -> job.followLogs(broken)).isInstanceOf(BerthException.class)
                .hasMessageContaining("disk full");
        assertThat(server.requests).filteredOn(r -> r.path().endsWith("/logs")).hasSize(1);
    }

    // ---- download ------------------------------------------------------------------------------------

    private void serveArchive(Consumer<TarArchiveOutputStream> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            entries.accept(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.on("GET", "/jobs/j1/archive", (ex, req) -> FakeBerthServer.respond(ex, 200, bytes.toByteArray()));
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

    private static void symlink(TarArchiveOutputStream tar, String name, String target) {
        try {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void downloadUnpacksTheArchiveIntoDirSlashIdLeavingOutLinksThatPointOut() throws IOException {
        serveArchive(tar -> {
            file(tar, "job/job_source/main.py", "print(1)");
            symlink(tar, "job/job_source/data", "/mnt/datasets");
            file(tar, "logs/attempt-1.log", "1\n");
            file(tar, "metadata.json", "{}");
        });

        JobDownload download = job.download(dir.resolve("results"));

        assertThat(download.dir()).isEqualTo(dir.resolve("results/j1"));
        assertThat(download.dir().resolve("job/job_source/main.py")).hasContent("print(1)");
        assertThat(download.dir().resolve("logs/attempt-1.log")).hasContent("1");
        assertThat(download.linksLeftOut()).containsExactly("job/job_source/data -> /mnt/datasets");
        try (var files = Files.list(dir.resolve("results"))) {
            assertThat(files).as("no temporary file left").containsExactly(download.dir());
        }
    }

    @Test
    void aHostileArchiveWritesNothingOutsideAndLeavesNothingBehind() throws IOException {
        serveArchive(tar -> {
            file(tar, "ok.txt", "fine");
            file(tar, "../../escaped.txt", "evil");
        });

        assertThatThrownBy(() -> job.download(dir.resolve("results")))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("cannot unpack the archive of job j1").hasMessageContaining("../../escaped.txt");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        try (var files = Files.list(dir.resolve("results"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void downloadRefusesADirectoryThatHoldsFilesAlreadyBeforeDownloading() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("j1"));
        Files.writeString(existing.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> job.download(dir))
                .isInstanceOf(BerthException.class).hasMessageContaining(existing + " already exists");
        assertThat(existing.resolve("notes.txt")).hasContent("mine");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void stopAsksTheServer() {
        server.json("POST", "/jobs/j1/stop", 202, aJob("j1").ended("stopped", 1).build());

        assertThat(job.stop().state()).isEqualTo("stopped");
        assertThat(server.last().path()).isEqualTo("/api/v1/jobs/j1/stop");
    }
}
