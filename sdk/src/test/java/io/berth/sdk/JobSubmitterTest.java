package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.ConfigException;
import io.berth.wire.JobView;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitJobRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSubmitterTest {
    @TempDir
    Path project;
    private FakeBerthServer server;
    private JobSubmitter submitter;
    /** Digests the fake server stores, as a real one would after a verified upload. */
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final SubmitListener listener = new SubmitListener() {
        @Override
        public void serverSeen(ServerStatus status) {
            events.add("server " + status.version());
        }

        @Override
        public void bundled(Bundle bundle) {
            events.add("bundled " + bundle.fileCount());
        }

        @Override
        public void uploadSkipped(Bundle bundle) {
            events.add("skipped");
        }

        @Override
        public void uploadStarted(Bundle bundle) {
            events.add("started");
        }

        @Override
        public void uploadProgress(long sentBytes, long totalBytes) {
            if (sentBytes == totalBytes) {
                events.add("sent all");
            }
        }

        @Override
        public void uploadFinished(Bundle bundle) {
            events.add("finished");
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeBerthServer();
        server.json("GET", "/status", 200, new ServerStatus("test", 1, 0, 0, "embedded", "/data", null, null));
        submitter = new JobSubmitter(new BerthClient(server.url(), null));
        Files.writeString(project.resolve("main.py"), "print('hi')\n");
        Files.writeString(project.resolve("job.config.yaml"), "project_name: demo\nparams: {lr: 0.1}\n");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private SubmitResult submit(Submission submission) {
        routeBundle();
        return submitter.submit(submission, listener);
    }

    /** HEAD/PUT routes for whatever digest the project has now, and POST /jobs echoing the request. */
    private void routeBundle() {
        try (Bundle bundle = new ProjectBundler().bundle(project)) {
            String digest = bundle.sha256();
            server.on("HEAD", "/bundles/" + digest, (ex, req) ->
                    FakeBerthServer.respond(ex, stored.contains(digest) ? 200 : 404, new byte[0]));
            server.on("PUT", "/bundles/" + digest, (ex, req) -> {
                String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(req.body()));
                if (!actual.equals(digest)) {
                    FakeBerthServer.respond(ex, 400, "{\"code\":\"bad_bundle\",\"message\":\"digest mismatch\"}"
                            .getBytes());
                    return;
                }
                stored.add(digest);
                FakeBerthServer.respond(ex, 201, new byte[0]);
            });
        }
        server.on("POST", "/jobs", (ex, req) -> {
            SubmitJobRequest r = FakeBerthServer.JSON.readValue(req.body(), SubmitJobRequest.class);
            if (!stored.contains(r.bundleDigest())) {
                FakeBerthServer.respond(ex, 400, "{\"code\":\"bad_bundle\",\"message\":\"bundle never uploaded\"}"
                        .getBytes());
                return;
            }
            FakeBerthServer.respond(ex, 201, JobView.builder("job-" + stored.size()).project(r.project()).state("queued")
                    .command(r.command()).params(r.params()).image(r.spec().image()).bundleDigest(r.bundleDigest())
                    .attempt(1).times(Instant.now(), null, null).requests(r.spec().requests()).build());
        });
    }

    @Test
    void aBundleLargerThanTheServerTakesIsRefusedBeforeAByteIsSent() throws Exception {
        byte[] weights = new byte[2 << 20];
        new java.util.Random(7).nextBytes(weights); // as a model's weights: gzip makes them no smaller
        Files.write(project.resolve("weights.bin"), weights);
        server.json("GET", "/status", 200, new ServerStatus("test", 1, 0, 0, "embedded", "/data", null, null, null, null,
                null, 1L << 20));

        assertThatThrownBy(() -> submit(Submission.of(project, List.of("main.py")))).isInstanceOf(BundleException.class)
                .hasMessageContaining("the project's bundle is 2.0 MiB")
                .hasMessageContaining("takes at most 1.0 MiB (max_bundle_size in its server.yaml)")
                .hasMessageContaining(server.url().toString());
        assertThat(server.requests).extracting(FakeBerthServer.Recorded::method).doesNotContain("PUT", "POST");

        // the limit raised on the server: the same submitter asks again before refusing
        server.json("GET", "/status", 200, new ServerStatus("test", 1, 0, 0, "embedded", "/data", null, null, null, null,
                null, 4L << 20));
        assertThat(submit(Submission.of(project, List.of("main.py"))).uploaded()).isTrue();
    }

    @Test
    void uploadsTheBundleOnceAndSkipsItWhenUnchanged() {
        Submission submission = Submission.of(project, List.of("main.py", "--epochs", "3"))
                .withParams(Map.of("epochs", 3));
        SubmitResult first = submit(submission);
        assertThat(first.uploaded()).isTrue();
        assertThat(first.job().state()).isEqualTo("queued");
        assertThat(first.job().project()).isEqualTo("demo");
        assertThat(first.job().command()).containsExactly("main.py", "--epochs", "3");
        assertThat(first.job().params()).containsEntry("lr", 0.1).containsEntry("epochs", 3);
        assertThat(first.fileCount()).isEqualTo(2);
        assertThat(first.bundleBytes()).isPositive();
        assertThat(first.largest()).extracting(Bundle.Entry::path).containsExactly("job.config.yaml", "main.py");
        assertThat(events).containsExactly("server test", "bundled 2", "started", "sent all", "finished");

        events.clear();
        SubmitResult second = submit(submission);
        assertThat(second.uploaded()).isFalse();
        assertThat(second.bundleDigest()).isEqualTo(first.bundleDigest());
        assertThat(events).containsExactly("bundled 2", "skipped");
        assertThat(server.requests).filteredOn(r -> r.method().equals("PUT")).hasSize(1);
    }

    @Test
    void aScriptLeftOutOfTheBundleOrMissingIsSaidBeforeAnythingIsQueued() throws Exception {
        Files.writeString(project.resolve(".berthignore"), "main.py\n");

        assertThatThrownBy(() -> submit(Submission.of(project, List.of("main.py"))))
                .isInstanceOf(BundleException.class)
                .hasMessage("main.py is the job's command, but .berthignore leaves it out of the bundle, so the job"
                        + " could not run it; take it out of .berthignore");
        assertThatThrownBy(() -> submit(Submission.of(project, List.of("src/train.py"))))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith("the job's command is src/train.py, but there is no src/train.py in ");
        assertThat(server.requests).filteredOn(r -> r.method().equals("POST")).isEmpty();

        Files.delete(project.resolve(".berthignore"));
        assertThat(submit(Submission.of(project, List.of("./main.py"))).job().state()).isEqualTo("queued");
        assertThat(submit(Submission.of(project, List.of("python3", "-c", "print(1)"))).job().state())
                .as("not a file of the project").isEqualTo("queued");
        assertThat(submit(Submission.of(project, List.of("run.sh"))).job().state())
                .as("a bare name is looked up on the image's PATH").isEqualTo("queued");
        Files.createDirectories(project.resolve("real-scripts"));
        Files.writeString(project.resolve("real-scripts/train.py"), "print(1)\n");
        Files.createSymbolicLink(project.resolve("scripts"), Path.of("real-scripts"));
        assertThat(submit(Submission.of(project, List.of("scripts/train.py"))).job().state())
                .as("through a linked directory the bundle keeps as a link").isEqualTo("queued");
    }

    @Test
    void theScriptPythonRunsIsJudgedToo() throws Exception {
        Files.writeString(project.resolve(".berthignore"), "main.py\n");

        for (List<String> command : List.of(List.of("python3", "main.py"), List.of("python", "-u", "main.py", "--x"),
                List.of("python3.11", "main.py"))) {
            assertThatThrownBy(() -> submit(Submission.of(project, command))).as(String.join(" ", command))
                    .isInstanceOf(BundleException.class)
                    .hasMessage("main.py is the job's script, but .berthignore leaves it out of the bundle, so the job"
                            + " could not run it; take it out of .berthignore");
        }
        assertThatThrownBy(() -> submit(Submission.of(project, List.of("python3", "src/train.py"))))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith("the job's script is src/train.py, but there is no src/train.py in ");
        assertThat(server.requests).filteredOn(r -> r.method().equals("POST")).isEmpty();

        assertThat(submit(Submission.of(project, List.of("python3", "-m", "main"))).job().state())
                .as("a module, not a file").isEqualTo("queued");
        assertThat(submit(Submission.of(project, List.of("python3", "tool", "main.py"))).job().state())
                .as("only the word python runs is judged").isEqualTo("queued");
        assertThat(submit(Submission.of(project, List.of("bash", "main.py"))).job().state())
                .as("another interpreter").isEqualTo("queued");
        Files.delete(project.resolve(".berthignore"));
        assertThat(submit(Submission.of(project, List.of("python3", "-u", "main.py"))).job().state()).isEqualTo("queued");
    }

    @Test
    void aChangedProjectIsUploadedAgain() throws Exception {
        SubmitResult first = submit(Submission.of(project, List.of("main.py")));
        Files.writeString(project.resolve("main.py"), "print('changed')\n");
        SubmitResult second = submit(Submission.of(project, List.of("main.py")));
        assertThat(second.uploaded()).isTrue();
        assertThat(second.bundleDigest()).isNotEqualTo(first.bundleDigest());
    }

    @Test
    void aBundleTheServerLostIsUploadedAgainOnce() {
        SubmitResult first = submit(Submission.of(project, List.of("main.py")));
        // The server claims to have it, but has dropped it by the time the job is posted.
        server.on("HEAD", "/bundles/" + first.bundleDigest(), (ex, req) -> {
            stored.remove(first.bundleDigest());
            FakeBerthServer.respond(ex, 200, new byte[0]);
        });
        events.clear();
        SubmitResult second = submitter.submit(Submission.of(project, List.of("main.py")), listener);
        assertThat(second.uploaded()).isTrue();
        assertThat(events).containsExactly("bundled 2", "skipped", "started", "sent all", "finished");
    }

    @Test
    void configErrorsPassThroughBeforeAnythingIsSent() throws Exception {
        Files.writeString(project.resolve("job.config.yaml"), "num_gpu: 1\n");
        assertThatThrownBy(() -> submit(Submission.of(project, List.of("main.py"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(project.resolve("job.config.yaml") + ":1: unknown key 'num_gpu' (did you mean num_gpus?)");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aMissingProjectDirectoryIsNamed() {
        Path missing = project.resolve("nope");
        assertThatThrownBy(() -> submitter.submit(Submission.of(missing, List.of("main.py"))))
                .isInstanceOf(BundleException.class)
                .hasMessage("the project directory " + missing + " does not exist");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void theBundleFileIsDeletedAfterwards() throws Exception {
        List<Path> files = new CopyOnWriteArrayList<>();
        routeBundle();
        submitter.submit(Submission.of(project, List.of("main.py")), new SubmitListener() {
            @Override
            public void bundled(Bundle bundle) {
                files.add(bundle.file());
            }
        });
        assertThat(files).hasSize(1);
        assertThat(files.get(0)).doesNotExist();
    }

    @Test
    void anUnreachableServerIsReportedAsSuch() throws Exception {
        server.close();
        assertThatThrownBy(() -> submitter.submit(Submission.of(project, List.of("main.py"))))
                .isInstanceOf(ServerUnreachableException.class);
    }
}
