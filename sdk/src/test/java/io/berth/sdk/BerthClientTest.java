package io.berth.sdk;

import static io.berth.sdk.FakeBerthServer.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.ClearQueueResponse;
import io.berth.wire.JobRequests;
import io.berth.wire.JobPage;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.QueueEntryView;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.VolumeMount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class BerthClientTest {
    private static final String DIGEST = "0123456789abcdef".repeat(4);

    private final FakeBerthServer server;
    private final BerthClient client;

    BerthClientTest() throws Exception {
        server = new FakeBerthServer();
        client = new BerthClient(server.url(), "s3cret");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anIdempotentSubmitWhoseAnswerWasLostIsSentAgainWithTheSameKey() throws Exception {
        java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
        server.on("POST", "/jobs", (ex, req) -> {
            if (posts.incrementAndGet() == 1) { // the job is queued, but the answer breaks off
                ex.sendResponseHeaders(201, 1000);
                ex.getResponseBody().write("{\"id\"".getBytes(StandardCharsets.UTF_8));
                return;
            }
            FakeBerthServer.respond(ex, 201, FakeBerthServer.aJob("20240501-100000-abcd", "queued"));
        });
        SubmitJobRequest request = new SubmitJobRequest(DIGEST, "demo", List.of("main.py"), Map.of(), null)
                .withIdempotencyKey("submission-0001");

        assertThat(client.submit(request).id()).isEqualTo("20240501-100000-abcd");

        List<SubmitJobRequest> sent = new java.util.ArrayList<>();
        for (FakeBerthServer.Recorded r : server.requests) {
            sent.add(FakeBerthServer.JSON.readValue(r.body(), SubmitJobRequest.class));
        }
        assertThat(sent).hasSize(2).allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo("submission-0001"));
    }

    @Test
    void aSubmitWithoutAKeyIsNotSentAgainNorOneTheServerAnswered() {
        server.on("POST", "/jobs", (ex, req) -> {
            ex.sendResponseHeaders(201, 1000);
            ex.close();
        });
        assertThatThrownBy(() -> client.submit(new SubmitJobRequest(DIGEST, "demo", List.of("x"), Map.of(), null)))
                .isInstanceOf(BerthException.class);
        assertThat(server.requests).hasSize(1);

        server.requests.clear();
        server.error("POST", "/jobs", 400, "{\"code\":\"bad_request\",\"message\":\"no\"}");
        assertThatThrownBy(() -> client.submit(new SubmitJobRequest(DIGEST, "demo", List.of("x"), Map.of(), null)
                .withIdempotencyKey("submission-0002"))).isInstanceOf(BerthApiException.class);
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void aTokenRefusedIsUnauthorizedForReadsAndWritesAlike() {
        String refused = "{\"code\":\"unauthorized\",\"message\":\"the token is revoked\"}";
        server.error("GET", "/jobs/j1", 401, refused).error("POST", "/jobs", 401, refused);

        assertThatThrownBy(() -> client.job("j1")).isInstanceOfSatisfying(UnauthorizedException.class,
                e -> assertThat(e.tokenSent()).isTrue()).hasMessageContaining("the token is revoked");
        // the JDK drops the body of a 401 to a request it streamed: the status alone says it
        assertThatThrownBy(() -> client.submit(new SubmitJobRequest(DIGEST, "demo", List.of("x"), Map.of(), null)
                .withIdempotencyKey("submission-0003"))).isInstanceOfSatisfying(UnauthorizedException.class,
                e -> assertThat(e.tokenSent()).isTrue());
        assertThat(server.requests).hasSize(2);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked socket write ignores interrupts
    void anUploadTheServerStopsTakingIsGivenUpAndSentAgain(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bundle.tar.gz"), new byte[64 << 20]);
        AtomicInteger connections = new AtomicInteger();
        // as a server cut off mid-transfer: each connection stays, and nothing of the body is read any more
        try (ServerSocket cutOff = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(cutOff.accept());
                        connections.incrementAndGet();
                    }
                } catch (IOException e) {
                    held.forEach(socket -> {
                        try {
                            socket.close();
                        } catch (IOException ignored) {
                            // the test is over
                        }
                    });
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            BerthClient toCutOff = new BerthClient(URI.create("http://127.0.0.1:" + cutOff.getLocalPort()), null,
                    ServerTrust.jdkDefaults(), Duration.ofMillis(300));

            assertThatThrownBy(() -> toCutOff.uploadBundle(DIGEST, file, null)).isInstanceOf(BerthException.class)
                    .hasMessageContaining("PUT /api/v1/bundles/" + DIGEST)
                    .hasMessageContaining("took nothing and answered nothing");
            assertThat(connections).hasValue(1 + BerthClient.RETRY_DELAYS.size());
        }
    }

    @Test
    void statusSendsTheTokenAndParsesTheAnswer() {
        server.json("GET", "/status", 200, new ServerStatus("0.1.0", 4, 1, 2, "embedded", "/data",
                new ServerStatus.Amounts(4, 2.0, 8L << 30, List.of("0")), new ServerStatus.Amounts(1, 0.5, 0, List.of())));
        assertThat(client.status()).isEqualTo(new ServerStatus("0.1.0", 4, 1, 2, "embedded", "/data",
                new ServerStatus.Amounts(4, 2.0, 8L << 30, List.of("0")), new ServerStatus.Amounts(1, 0.5, 0, List.of())));
        assertThat(server.last().headers().getFirst("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(server.last().path()).isEqualTo("/api/v1/status");
    }

    @Test
    void noTokenNoAuthorizationHeader() {
        server.json("GET", "/status", 200, new ServerStatus("0.1.0", 4, 0, 0, "embedded", "/data", null, null));
        new BerthClient(URI.create(server.url() + "/"), null).status();
        assertThat(server.last().headers().containsKey("Authorization")).isFalse();
        assertThat(server.last().path()).isEqualTo("/api/v1/status");
    }

    @Test
    void hasBundleAsksWithHead() {
        server.json("HEAD", "/bundles/" + DIGEST, 200, new byte[0]);
        assertThat(client.hasBundle(DIGEST)).isTrue();
        assertThat(server.last().method()).isEqualTo("HEAD");
        assertThat(client.hasBundle("f".repeat(64))).isFalse();
    }

    @Test
    void uploadStreamsTheFileAndReportsProgress(@TempDir Path dir) throws Exception {
        byte[] content = new byte[1_000_000];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("b.tar.gz"), content);
        server.json("PUT", "/bundles/" + DIGEST, 201, new byte[0]);
        List<Long> progress = new CopyOnWriteArrayList<>();
        client.uploadBundle(DIGEST, file, progress::add);
        assertThat(server.last().body()).isEqualTo(content);
        assertThat(server.last().headers().getFirst("Content-Type")).isEqualTo("application/gzip");
        assertThat(server.last().headers().getFirst("Content-Length")).isEqualTo("1000000");
        assertThat(progress).hasSizeGreaterThan(5).isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(1_000_000L);
    }

    @Test
    void uploadRefusedByTheServerIsAnApiError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("b.tar.gz"), "not really");
        server.error("PUT", "/bundles/" + DIGEST, 400,
                "{\"code\":\"bad_bundle\",\"message\":\"the bytes do not hash to " + DIGEST + "\"}");
        assertThatThrownBy(() -> client.uploadBundle(DIGEST, file, null)).isInstanceOf(BerthApiException.class)
                .hasMessage("the bytes do not hash to " + DIGEST)
                .extracting(e -> ((BerthApiException) e).code()).isEqualTo("bad_bundle");
    }

    @Test
    void submitPostsTheRequestAsJson() throws Exception {
        server.json("POST", "/jobs", 201, aJob("20240501-100000-abcd", "queued"));
        SubmitJobRequest request = new SubmitJobRequest(DIGEST, "demo", List.of("main.py", "--epochs", "3"),
                Map.of("lr", 0.1), new JobSpec("img", null, null, Map.of("A", "1"),
                List.of(new VolumeMount("/srv/d", "/data", true)),
                JobRequests.none().withNumGpus(1).withMemoryBytes(1L << 30).withTimeoutSeconds(60L)));
        JobView job = client.submit(request);
        assertThat(job.id()).isEqualTo("20240501-100000-abcd");
        assertThat(server.last().headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(FakeBerthServer.JSON.readValue(server.last().body(), SubmitJobRequest.class)).isEqualTo(request);
    }

    @Test
    void listsGetsStopsDeletesAndClears() {
        server.json("GET", "/jobs", 200, List.of(aJob("j1", "completed"), aJob("j2", "running")));
        server.json("GET", "/jobs/j2", 200, aJob("j2", "running"));
        server.json("POST", "/jobs/j2/stop", 202, aJob("j2", "running"));
        server.json("DELETE", "/jobs/j1", 204, new byte[0]);
        server.json("DELETE", "/queue", 200, new ClearQueueResponse(2, List.of("j3", "j4")));
        assertThat(client.jobs()).extracting(JobView::id).containsExactly("j1", "j2");
        assertThat(client.job("j2").state()).isEqualTo("running");
        assertThat(client.stop("j2").id()).isEqualTo("j2");
        assertThat(server.last().method()).isEqualTo("POST");
        client.delete("j1");
        assertThat(server.last().method()).isEqualTo("DELETE");
        assertThat(client.clearQueue()).isEqualTo(new ClearQueueResponse(2, List.of("j3", "j4")));
    }

    @Test
    void aPageOfJobsSendsItsFiltersOrderAndSliceAndReadsTheTotal() {
        server.json("GET", "/pages/jobs", 200, new JobPage(List.of(aJob("j9", "failed")), 31, 10, 5));
        JobPageQuery query = JobPageQuery.newest(new JobQuery("mnist", "01sw", null), 5)
                .withStates(List.of("running", "failed")).withText("lr=0.1 & more").orderedBy("metric:val loss", false)
                .at(10);

        JobPage page = client.jobPage(query);

        assertThat(page.total()).isEqualTo(31);
        assertThat(page.jobs()).extracting(JobView::id).containsExactly("j9");
        assertThat(server.last().query()).isEqualTo("offset=10&limit=5&project=mnist&sweep=01sw&state=running%2Cfailed"
                + "&q=lr%3D0.1+%26+more&sort=metric%3Aval+loss&order=asc");
        assertThatThrownBy(() -> query.at(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobPageQuery.newest(JobQuery.ALL, 501)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allJobsPageThroughAPageAtATimeAsTheyAreRead() {
        List<JobView> jobs = java.util.stream.IntStream.range(0, 5).mapToObj(i -> aJob("j" + i, "completed")).toList();
        server.on("GET", "/pages/jobs", (ex, req) -> {
            int offset = Integer.parseInt(req.query().replaceAll(".*offset=(\\d+).*", "$1"));
            FakeBerthServer.respond(ex, 200, new JobPage(jobs.subList(Math.min(offset, 5), Math.min(offset + 2, 5)), 5,
                    offset, 2));
        });

        assertThat(client.allJobs(JobPageQuery.oldest(JobQuery.ALL, 2)).limit(3)).extracting(JobView::id)
                .containsExactly("j0", "j1", "j2");
        assertThat(server.requests).as("only the pages read").hasSize(2);
        assertThat(client.allJobs(JobPageQuery.oldest(JobQuery.ALL, 2))).extracting(JobView::id)
                .containsExactly("j0", "j1", "j2", "j3", "j4");
        assertThat(server.requests).as("no page asked past the total").hasSize(5);
    }

    @Test
    void queueOfAProjectAsksTheServerForThatProjectOnly() {
        server.json("GET", "/queue", 200, List.of(new QueueEntryView(3, aJob("j3", "queued"), "slots full", null)));

        List<QueueEntryView> all = client.queue();
        String allQuery = server.last().query();
        List<QueueEntryView> mine = client.queue("my project");

        assertThat(allQuery).isNull();
        assertThat(server.last().query()).isEqualTo("project=my+project");
        assertThat(all).isEqualTo(mine);
        assertThat(mine).singleElement().satisfies(entry -> {
            assertThat(entry.place()).isEqualTo(3);
            assertThat(entry.job().id()).isEqualTo("j3");
            assertThat(entry.reason()).isEqualTo("slots full");
        });
    }

    @Test
    void fieldsANewerServerAddsAreIgnored() {
        server.error("GET", "/jobs/j1", 200, "{\"id\":\"j1\",\"state\":\"queued\",\"attempt\":0,"
                + "\"stopRequested\":false,\"somethingNew\":{\"x\":1}}");
        assertThat(client.job("j1").state()).isEqualTo("queued");
    }

    @Test
    void unknownJobIsA404WithTheServersMessage() {
        server.error("GET", "/jobs/nope", 404, "{\"code\":\"job_not_found\",\"message\":\"no job with id nope\"}");
        assertThatThrownBy(() -> client.job("nope")).isInstanceOfSatisfying(BerthApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("job_not_found");
            assertThat(e).hasMessage("no job with id nope");
            assertThat(e.candidates()).isEmpty();
        });
    }

    @Test
    void ambiguousPrefixIsA409WithTheCandidates() {
        server.error("POST", "/jobs/2024/stop", 409, "{\"code\":\"ambiguous_job_id\",\"message\":"
                + "\"2024 matches 2 jobs\",\"candidates\":[\"2024a\",\"2024b\"]}");
        assertThatThrownBy(() -> client.stop("2024")).isInstanceOfSatisfying(BerthApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("ambiguous_job_id");
            assertThat(e).hasMessage("2024 matches 2 jobs");
            assertThat(e.candidates()).containsExactly("2024a", "2024b");
        });
    }

    @Test
    void anErrorThatIsNotJsonStillSaysWhatHappened() {
        server.error("GET", "/jobs", 502, "<html>Bad Gateway</html>");
        assertThatThrownBy(() -> client.jobs()).isInstanceOfSatisfying(BerthApiException.class, e -> {
            assertThat(e.code()).isEqualTo("http_502");
            assertThat(e).hasMessage("the server at " + server.url() + " answered 502 to GET /api/v1/jobs:"
                    + " <html>Bad Gateway</html>");
        });
    }

    @Test
    void jobReferencesAreOnePathSegment() {
        server.json("GET", "/jobs/a%2Fb%3Fc", 200, aJob("x", "queued"));
        assertThat(client.job("a/b?c").id()).isEqualTo("x");
        assertThatThrownBy(() -> client.job("..")).isInstanceOf(InvalidIdException.class)
                .hasMessage("'..' is not a job id or the start of one");
        assertThatThrownBy(() -> client.job("")).isInstanceOf(InvalidIdException.class)
                .hasMessage("no job id given (it is empty); give the job's id or a unique start of it");
        assertThatThrownBy(() -> client.sweep(" ")).isInstanceOf(InvalidIdException.class)
                .hasMessage("no sweep id given (it is empty); give the sweep's id or a unique start of it");
    }

    @Test
    void logsAreCopiedAsTheyArrive() throws Exception {
        CountDownLatch clientGotFirstChunk = new CountDownLatch(1);
        AtomicBoolean streamed = new AtomicBoolean();
        server.on("GET", "/jobs/j1/logs", (ex, req) -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.getResponseHeaders().set("X-Berth-Job-Id", "j1-full");
            ex.sendResponseHeaders(200, 0); // chunked
            OutputStream out = ex.getResponseBody();
            out.write("epoch 1\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // The second chunk is only written once the client has seen the first: proof of streaming.
            streamed.set(clientGotFirstChunk.await(10, TimeUnit.SECONDS));
            out.write("epoch 2\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        ByteArrayOutputStream received = new ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                if (toString(StandardCharsets.UTF_8).contains("epoch 1\n")) {
                    clientGotFirstChunk.countDown();
                }
            }
        };
        long copied = client.streamLogs("j1", true, 7, received);
        assertThat(streamed).isTrue();
        assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo("epoch 1\nepoch 2\n");
        assertThat(copied).isEqualTo(16);
        assertThat(server.last().query()).isEqualTo("follow=true&offset=7");
        assertThat(server.last().headers().getFirst("Authorization")).isEqualTo("Bearer s3cret");
    }

    @Test
    void logsOfAnUnknownJobAreAnApiError() {
        server.error("GET", "/jobs/nope/logs", 404, "{\"code\":\"job_not_found\",\"message\":\"no job with id nope\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> client.streamLogs("nope", false, 0, out)).isInstanceOf(BerthApiException.class)
                .hasMessage("no job with id nope");
        assertThat(out.size()).isZero();
    }

    @Test
    void downloadsTheArchive(@TempDir Path dir) throws Exception {
        byte[] archive = "fake tar.gz bytes".getBytes(StandardCharsets.UTF_8);
        server.on("GET", "/jobs/j1/archive", (ex, req) -> {
            ex.getResponseHeaders().set("Content-Type", "application/gzip");
            ex.sendResponseHeaders(200, archive.length);
            ex.getResponseBody().write(archive);
            ex.close();
        });
        server.error("GET", "/jobs/j2/archive", 404, "{\"code\":\"no_archive\",\"message\":\"job j2 has not finished\"}");
        Path target = dir.resolve("j1.tgz");
        assertThat(client.downloadArchive("j1", target)).isEqualTo(archive.length);
        assertThat(target).hasBinaryContent(archive);
        Path missing = dir.resolve("j2.tgz");
        assertThatThrownBy(() -> client.downloadArchive("j2", missing)).isInstanceOf(BerthApiException.class)
                .hasMessage("job j2 has not finished");
        assertThat(missing).doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void nothingListeningIsServerUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> new BerthClient(url, null).status()).isInstanceOf(ServerUnreachableException.class)
                .hasMessage("no Berth server answers at " + url + "; start one with 'berth server start'");
    }
}
