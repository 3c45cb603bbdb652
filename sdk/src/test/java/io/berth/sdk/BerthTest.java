package io.berth.sdk;

import static io.berth.sdk.TestJobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.BerthHome;
import io.berth.wire.JobRequests;
import io.berth.wire.JobView;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API's submit paths against a fake server that stores bundles and echoes what it is sent. */
class BerthTest {
    @TempDir
    Path project;
    private FakeBerthServer server;
    private Berth berth;
    private final Set<String> stored = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeBerthServer();
        server.json("GET", "/status", 200, new ServerStatus("test", 2, 0, 0, "embedded", "/data", null, null));
        Files.writeString(project.resolve("main.py"), "print('hi')\n");
        Files.writeString(project.resolve("job.config.yaml"), "project_name: demo\nparams: {lr: 0.1, epochs: 1}\n");
        routeBundle();
        server.on("POST", "/sweeps", (ex, req) -> {
            SubmitSweepRequest r = FakeBerthServer.JSON.readValue(req.body(), SubmitSweepRequest.class);
            List<JobView> jobs = new ArrayList<>();
            for (int i = 0; i < r.paramSets().size(); i++) {
                Map<String, Object> params = new LinkedHashMap<>(r.params());
                params.putAll(r.paramSets().get(i));
                jobs.add(aJob("j" + i).inSweep("s1").params(params).build());
            }
            FakeBerthServer.respond(ex, 201, new SweepView("s1", jobs));
        });
        server.on("POST", "/jobs", (ex, req) -> FakeBerthServer.respond(ex, 201, aJob("j1").build()));
        berth = Berth.of(new BerthClient(server.url(), null));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void routeBundle() {
        try (Bundle bundle = new ProjectBundler().bundle(project)) {
            String digest = bundle.sha256();
            server.on("HEAD", "/bundles/" + digest, (ex, req) ->
                    FakeBerthServer.respond(ex, stored.contains(digest) ? 200 : 404, new byte[0]));
            server.on("PUT", "/bundles/" + digest, (ex, req) -> {
                stored.add(digest);
                FakeBerthServer.respond(ex, 201, new byte[0]);
            });
        }
    }

    private long requests(String method, String pathStart) {
        return server.requests.stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith("/api/v1" + pathStart)).count();
    }

    @Test
    void aSweepUploadsTheProjectOnceAndQueuesEveryJobWithOneRequest() throws Exception {
        JobRequest base = JobRequest.builder(project).command("main.py", "--fast").param("epochs", 3).build();
        Sweep grid = Sweep.grid(Map.of("lr", List.of(0.1, 0.01), "batch", List.of(32, 64, 128)));

        SweepHandle sweep = berth.sweep(base, grid);

        assertThat(sweep.id()).isEqualTo("s1");
        assertThat(requests("PUT", "/bundles/")).isEqualTo(1);
        assertThat(requests("POST", "/sweeps")).isEqualTo(1);
        assertThat(requests("POST", "/jobs")).isZero();
        SubmitSweepRequest sent = FakeBerthServer.JSON.readValue(server.requests.stream()
                .filter(r -> r.path().equals("/api/v1/sweeps")).findFirst().orElseThrow().body(),
                SubmitSweepRequest.class);
        assertThat(sent.project()).isEqualTo("demo");
        assertThat(sent.command()).containsExactly("main.py", "--fast");
        assertThat(sent.params()).isEqualTo(Map.of("lr", 0.1, "epochs", 3));
        assertThat(sent.paramSets()).isEqualTo(grid.paramSets());
        assertThat(sent.bundleDigest()).isIn(stored);

        berth.sweep(base, Sweep.of(List.of(Map.of("lr", 0.5))));

        assertThat(requests("PUT", "/bundles/")).as("the server has the bundle already").isEqualTo(1);
        assertThat(requests("POST", "/sweeps")).isEqualTo(2);
    }

    @Test
    void aSweepWithABadJobConfigSendsNothing() throws Exception {
        Files.writeString(project.resolve("job.config.yaml"), "num_gpu: 1\n");

        assertThatThrownBy(() -> berth.sweep(JobRequest.builder(project).command("main.py").build(),
                Sweep.grid(Map.of("x", List.of(1)))))
                .hasMessageContaining("num_gpu");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void submitAppliesTheRequestsOverridesAndReturnsAHandle() throws Exception {
        JobRequest request = JobRequest.builder(project)
                .command("main.py")
                .params(Map.of("lr", 0.5))
                .image("my-image:1")
                .numGpus(0)
                .memory("512m")
                .cpus(0.5)
                .timeout(Duration.ofMinutes(90))
                .priority(10)
                .maxAttempts(4)
                .retryOnFailure(true)
                .environment("MODE", "fast")
                .projectName("other")
                .build();

        JobHandle job = berth.submit(request);

        assertThat(job.id()).isEqualTo("j1");
        SubmitJobRequest sent = FakeBerthServer.JSON.readValue(server.last().body(), SubmitJobRequest.class);
        assertThat(sent.project()).isEqualTo("other");
        assertThat(sent.params()).isEqualTo(Map.of("lr", 0.5, "epochs", 1));
        assertThat(sent.spec().image()).isEqualTo("my-image:1");
        assertThat(sent.spec().requests()).isEqualTo(new JobRequests(0, 0.5, 512L * 1024 * 1024, 5400L, 10, 4, true));
        assertThat(sent.spec().environment()).containsEntry("MODE", "fast");
    }

    @Test
    void requestsAreCheckedAsTheyAreBuilt() {
        JobRequest.Builder builder = JobRequest.builder(project);
        assertThatThrownBy(() -> builder.memory("lots")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memory").hasMessageContaining("lots");
        assertThatThrownBy(() -> builder.memory(1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6m");
        assertThatThrownBy(() -> builder.numGpus(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.priority(5000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("priority");
        assertThatThrownBy(() -> builder.cpus(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.timeout(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.param(" ", 1)).isInstanceOf(IllegalArgumentException.class);
        JobRequest request = builder.command("a.py").param("x", 1).build();
        JobRequest variant = request.toBuilder().param("y", 2).build();
        assertThat(request.params()).isEqualTo(Map.of("x", 1));
        assertThat(variant.params()).isEqualTo(Map.of("x", 1, "y", 2));
        assertThat(variant.command()).containsExactly("a.py");
    }

    @Test
    void connectFindsTheSubmissionConfigByName() throws Exception {
        Path home = project.resolve("home");
        Path configs = Files.createDirectories(BerthHome.submissionDir(home));
        Files.writeString(configs.resolve("remote.config.yaml"), "scheduler_url: " + server.url() + "\n");
        String previous = System.getProperty(BerthHome.PROPERTY);
        System.setProperty(BerthHome.PROPERTY, home.toString());
        try {
            assertThat(Berth.connect("remote", project).client().baseUrl()).isEqualTo(server.url());
            assertThatThrownBy(() -> Berth.connect("nowhere", project)).hasMessageContaining("'nowhere'");
        } finally {
            if (previous == null) {
                System.clearProperty(BerthHome.PROPERTY);
            } else {
                System.setProperty(BerthHome.PROPERTY, previous);
            }
        }
    }
}
