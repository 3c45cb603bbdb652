package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.berth.config.SchedulingConfig;
import io.berth.config.ServerConfig;
import io.berth.daemon.docker.DockerClients;
import io.berth.daemon.storage.TestBundles;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's requirements.txt installed once into a derived image and reused, over the API, with the real
 * pip of the worker image installing a wheel that ships inside the project (no index is reachable here).
 */
class DependencyImagesIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Pattern TAG = Pattern.compile("berth-deps:[0-9a-f]{16}");
    private static final String INSTALLING = "berth: installing dependencies from requirements.txt into berth-deps:";
    private static final String PIP_INSTALLED = "Successfully installed mypkg-1.0";
    /** Prints what a user would look for: the package works, python is the venv's, Berth's helpers still import. */
    private static final String MAIN = """
            import sys, berth, mypkg
            print(mypkg.hello(), "from", sys.prefix)
            """;

    @TempDir
    static Path home;
    @TempDir
    static Path contexts;

    private static TestDaemon daemon;
    private static DockerClients docker;
    /** Every derived tag this run's jobs named, to check for leftovers and to remove at the end. */
    private static final Set<String> tags = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        docker = DockerClients.fromEnvironment();
        daemon = new TestDaemon(home.resolve("server"));
    }

    @AfterAll
    static void removeDerivedImagesAndStop() {
        try {
            tags.forEach(DependencyImagesIT::removeImageAndCheckNothingOfItStays);
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            docker.close();
        }
    }

    /** A requirements.txt no earlier run has installed, so the first job here really installs. */
    private static String requirements(String requirement) {
        return "# DependencyImagesIT run " + RUN + "\n--no-index\n--find-links ./wheels\n" + requirement + "\n";
    }

    private static byte[] project(String main, String requirements) {
        Map<String, byte[]> files = new HashMap<>();
        files.put("main.py", main.getBytes(StandardCharsets.UTF_8));
        files.put("wheels/" + TestWheels.fileName("mypkg", "1.0"),
                TestWheels.wheel("mypkg", "1.0", "def hello():\n    return 'hello from mypkg'\n"));
        if (requirements != null) {
            files.put("requirements.txt", requirements.getBytes(StandardCharsets.UTF_8));
        }
        return TestBundles.tarGzOf(files);
    }

    private record Finished(JobView job, String log, Duration took) {
        String tag() {
            Matcher m = TAG.matcher(log);
            assertThat(m.find()).as("a derived image named in\n" + log).isTrue();
            return m.group();
        }
    }

    private static Finished run(TestApi api, byte[] project) throws Exception {
        return run(api, project, null);
    }

    private static Finished run(TestApi api, byte[] project, String image) throws Exception {
        long started = System.nanoTime();
        JobView submitted = api.submitted(new SubmitJobRequest(api.upload(project), "deps", List.of("main.py"),
                null, image == null ? null : new JobSpec(image, null, null, null, null, null)));
        String log = api.logs(submitted.id(), true);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        TAG.matcher(log).results().forEach(m -> tags.add(m.group()));
        return new Finished(api.job(submitted.id()), log, took);
    }

    @Test
    void aSecondJobWithTheSameRequirementsStartsFromTheImageTheFirstInstalled() throws Exception {
        Finished plain = run(daemon.api, project("print('no dependencies')\n", null));
        Finished first = run(daemon.api, project(MAIN, requirements("mypkg==1.0")));
        Finished second = run(daemon.api, project("import mypkg\nprint('second job:', mypkg.hello())\n",
                requirements("mypkg==1.0")));

        assertThat(plain.job().state()).isEqualTo("completed");
        assertThat(plain.log()).isEqualTo("no dependencies\n");
        assertThat(first.job().state()).as(first.log()).isEqualTo("completed");
        assertThat(first.log()).contains(INSTALLING, PIP_INSTALLED, "hello from mypkg from /opt/berth/deps");
        assertThat(first.log().indexOf(PIP_INSTALLED)).isLessThan(first.log().indexOf("hello from mypkg"));
        assertThat(second.job().state()).as(second.log()).isEqualTo("completed");
        assertThat(second.log()).isEqualTo("berth: dependencies from requirements.txt already installed in "
                + first.tag() + "\nsecond job: hello from mypkg\n");
        assertThat(buildContainersOf(first.tag())).isEmpty();
        System.out.printf("DependencyImagesIT: no dependencies %.1f s, first install %.1f s, reuse %.1f s%n",
                seconds(plain), seconds(first), seconds(second));
    }

    /** The install runs as root, as a Dockerfile's RUN would; the job then runs as the image's own user. */
    @Test
    void anImageWithAUserOfItsOwnAndOnlyAPythonCommandGetsItsRequirementsInstalled() throws Exception {
        try (TestImages images = new TestImages(docker, contexts)) {
            String image = images.build("deps-user", """
                    FROM berth-worker:latest
                    RUN p="$(readlink -f "$(command -v python3)")" && rm -f /usr/bin/python3 /usr/local/bin/python \\
                        && ln -s "$p" /usr/local/bin/python && ! command -v python3
                    WORKDIR /srv/app
                    USER 4321:4321
                    """, Map.of());

            Finished job = run(daemon.api, project(MAIN + "import os\nprint('uid', os.getuid())\n",
                    requirements("mypkg==1.0  # user image")), image);

            assertThat(job.job().state()).as(job.log()).isEqualTo("completed");
            assertThat(job.log()).contains(PIP_INSTALLED, "hello from mypkg from /opt/berth/deps", "uid 4321");
            var derived = docker.call(c -> c.inspectImageCmd(job.tag()).exec()).getConfig();
            assertThat(derived.getUser()).as("the image's user, not the install's root").isEqualTo("4321:4321");
            assertThat(derived.getWorkingDir()).isEqualTo("/srv/app");
            removeImageAndCheckNothingOfItStays(job.tag());
            tags.remove(job.tag());
        }
    }

    @Test
    void aMissingPackageFailsTheJobWithPipsErrorAndLeavesNoImageOrContainer() throws Exception {
        Finished failed = run(daemon.api, project(MAIN, requirements("nosuchpkg==1.0")));

        String reason = "installing dependencies from requirements.txt failed (exit 1); its output is in the job's log";
        assertThat(failed.job().state()).isEqualTo("failed");
        assertThat(failed.job().exitCode()).isNull();
        assertThat(failed.job().reason()).isEqualTo(reason);
        assertThat(failed.log()).contains(INSTALLING, "No matching distribution found for nosuchpkg",
                "berth: job failed: " + reason);
        assertThat(imageExists(failed.tag())).isFalse();
        assertThat(buildContainersOf(failed.tag())).isEmpty();
    }

    @Test
    void twoJobsWithTheSameNewRequirementsAtOnceInstallThemOnce() throws Exception {
        byte[] project = project(MAIN, requirements("mypkg==1.0  # together"));
        CompletableFuture<Finished> one = CompletableFuture.supplyAsync(() -> runUnchecked(project));
        CompletableFuture<Finished> other = CompletableFuture.supplyAsync(() -> runUnchecked(project));
        List<Finished> both = List.of(one.get(), other.get());

        assertThat(both).allSatisfy(f -> assertThat(f.job().state()).as(f.log()).isEqualTo("completed"));
        assertThat(both).filteredOn(f -> f.log().contains(PIP_INSTALLED)).hasSize(1);
        assertThat(both).filteredOn(f -> f.log().contains("already installed in " + f.tag())).hasSize(1);
        assertThat(both.get(0).tag()).isEqualTo(both.get(1).tag());
    }

    @Test
    void anOperatorsCommandRunsForEveryProjectAndIsStoppedAtItsTimeLimit() throws Exception {
        String command = "echo operator step " + RUN + "; touch /opt/operator-step; "
                + "if [ -f requirements.txt ]; then sleep 120; fi";
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, 0, "everysec", home.resolve("operator"), 2,
                ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), "berth", null, SchedulingConfig.defaults(), command, Duration.ofSeconds(3),
                List.of());
        try (TestDaemon operators = new TestDaemon(config)) {
            Finished ran = run(operators.api, project("import os\nprint('step ran:', os.path.exists('/opt/operator-step'))\n",
                    null));
            Finished stopped = run(operators.api, project(MAIN, requirements("mypkg==1.0")));

            assertThat(ran.job().state()).as(ran.log()).isEqualTo("completed");
            assertThat(ran.log()).contains("berth: installing dependencies from server.yaml's "
                    + "dependency_install_command into berth-deps:", "operator step " + RUN, "step ran: True");
            assertThat(stopped.job().state()).isEqualTo("failed");
            assertThat(stopped.job().reason()).isEqualTo("installing dependencies from server.yaml's "
                    + "dependency_install_command was stopped after 3s (server.yaml's dependency_install_timeout); "
                    + "its output is in the job's log");
            assertThat(stopped.log()).contains("operator step " + RUN);
            assertThat(imageExists(stopped.tag())).isFalse();
            assertThat(buildContainersOf(stopped.tag())).isEmpty();
        }
    }

    @Test
    void jobsWaitingForAnInstallThatFailsFailWithItAtOnceAndAJobArrivingAfterInstallsAgain() throws Exception {
        String command = "echo shared install " + RUN + "; sleep 3; exit 3";
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, 0, "everysec", home.resolve("shared"), 3,
                ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), "berth", null, SchedulingConfig.defaults(), command,
                Duration.ofMinutes(1), List.of());
        try (TestDaemon shared = new TestDaemon(config)) {
            byte[] project = project("print('ran')\n", null);
            List<CompletableFuture<Finished>> submitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                submitted.add(CompletableFuture.supplyAsync(() -> runUnchecked(shared.api, project)));
            }
            List<Finished> sweep = new ArrayList<>();
            for (CompletableFuture<Finished> f : submitted) {
                sweep.add(f.get());
            }
            Finished later = run(shared.api, project);

            String how = "installing dependencies from server.yaml's dependency_install_command failed (exit 3)";
            assertThat(sweep).allSatisfy(f -> assertThat(f.job().state()).as(f.log()).isEqualTo("failed"));
            List<Finished> installed = sweep.stream().filter(f -> f.log().contains("shared install " + RUN)).toList();
            assertThat(installed).as("jobs that ran the install").hasSize(1);
            String installer = installed.get(0).job().id();
            assertThat(installed.get(0).job().reason()).isEqualTo(how + "; its output is in the job's log");
            assertThat(sweep).filteredOn(f -> !f.job().id().equals(installer)).allSatisfy(f -> {
                assertThat(f.job().reason()).isEqualTo(how + " in job " + installer + ", whose install of the same "
                        + "dependencies this job waited for; its output is in that job's log");
                assertThat(f.log()).contains("berth: waiting for another job installing the same dependencies");
                assertThat(f.took()).as("failed with the install, not after one of its own").isLessThan(
                        installed.get(0).took().plusSeconds(2));
            });
            assertThat(later.job().state()).isEqualTo("failed");
            assertThat(later.log()).as("a job arriving after the failure tries again").contains("shared install " + RUN);
            assertThat(later.job().reason()).isEqualTo(how + "; its output is in the job's log");
        }
    }

    @Test
    void anInstallCutByTheServersStopInstallsAgainInTheSameAttemptAtTheNextStartAndLeavesNoInstallContainer()
            throws Exception {
        String command = "echo restart step " + RUN + "; sleep 4; echo restart step done";
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, 0, "everysec", home.resolve("restart"), 2,
                ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), "berth", null, SchedulingConfig.defaults(), command,
                Duration.ofMinutes(1), List.of());
        String id;
        try (TestDaemon first = new TestDaemon(config)) {
            id = first.api.submitted(new SubmitJobRequest(first.api.upload(project("print('ran')\n", null)), "deps",
                    List.of("main.py"), null, null)).id();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.api.logs(id, false).contains("restart step " + RUN));
        }
        assertThat(installContainersFor(id)).as("the install the stopped server left behind").hasSize(1);

        try (TestDaemon second = new TestDaemon(config)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> second.api.job(id).finished());
            JobView job = second.api.job(id);
            String log = second.api.logs(id, false);
            TAG.matcher(log).results().forEach(m -> tags.add(m.group()));

            assertThat(job.state()).as(log).isEqualTo("completed");
            assertThat(job.attempt()).as("nothing of it had run: no attempt spent").isEqualTo(1);
            assertThat(log).contains("restart step done", "ran\n");
            assertThat(installContainersFor(id)).isEmpty();
        }
    }

    /** Install containers, running or not, made for this job. */
    private static List<Container> installContainersFor(String jobId) {
        return docker.call(c -> c.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("berth.role", "dependency-build", "berth.deps.job-id", jobId)).exec());
    }

    private static Finished runUnchecked(byte[] project) {
        return runUnchecked(daemon.api, project);
    }

    private static Finished runUnchecked(TestApi api, byte[] project) {
        try {
            return run(api, project);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(Finished f) {
        return f.took().toMillis() / 1000.0;
    }

    private static boolean imageExists(String image) {
        try {
            docker.call(c -> c.inspectImageCmd(image).exec());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Install containers, running or not, for the key the tag abbreviates. */
    private static List<Container> buildContainersOf(String tag) {
        String keyStart = tag.substring(tag.indexOf(':') + 1);
        return docker.call(c -> c.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of("berth.role", "dependency-build")).exec())
                .stream()
                .filter(container -> container.getLabels().getOrDefault("berth.deps.key", "").startsWith(keyStart))
                .toList();
    }

    /** As docs/dependencies.md says: removing the tag removes the install's layer with it. */
    private static void removeImageAndCheckNothingOfItStays(String tag) {
        if (!imageExists(tag)) {
            return;
        }
        String key = docker.call(c -> c.inspectImageCmd(tag).exec()).getConfig().getLabels().get("berth.deps.key");
        // A job's state turns final before its container is removed; the tag is in use until then.
        await().atMost(Duration.ofSeconds(30)).until(() -> docker.call(c -> c.listContainersCmd().withShowAll(true)
                .withAncestorFilter(List.of(tag)).exec()).isEmpty());
        docker.call(c -> c.removeImageCmd(tag).exec());
        List<String> left = new ArrayList<>();
        docker.call(c -> c.listImagesCmd().withShowAll(true).withLabelFilter(Map.of("berth.deps.key", key)).exec())
                .forEach(image -> left.add(image.getId()));
        assertThat(left).as("images left of " + tag).isEmpty();
    }
}
