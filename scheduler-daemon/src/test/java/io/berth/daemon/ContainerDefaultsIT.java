package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.berth.config.ContainerDefaults;
import io.berth.config.MemorySize;
import io.berth.config.SchedulingConfig;
import io.berth.config.SecurityConfig;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.docker.DockerClients;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's container defaults on the real engine, seen as an operator would with {@code docker inspect} and
 * as the job sees them: a memory limit, a user, a read-only root with /tmp and /job writable, Docker's log capped.
 */
class ContainerDefaultsIT {
    private static final long DEFAULT_MEMORY = 256L << 20;
    /** Berth's log keeps 6m of a job's output (Docker's least); one file of Docker's holds twice that, as server.yaml must. */
    private static final long MAX_LOG = 6L << 20;
    // three times what Berth keeps: at twice, lines of 70 characters reached the first rotation just before
    // Berth's log was full, and the engine's follow skipped a whole file there (CI, twice)
    private static final long DOCKER_LOG_FILE = 3 * MAX_LOG;
    /** Says what it may write and who it is, then waits for the test to have looked at its container. */
    private static final String PROBE = """
            import os, time
            print('uid', os.getuid(), 'gid', os.getgid(), flush=True)
            for path in ('/tmp/probe', '/job/probe', '/usr/probe'):
                try:
                    open(path, 'w').write('x')
                    print(path, 'written', flush=True)
                except OSError as e:
                    print(path, 'refused:', e.strerror, flush=True)
            print('probed', flush=True)
            while not os.path.exists('/job/release'):
                time.sleep(0.1)
            """;

    @TempDir
    static Path home;

    private static TestDaemon daemon;
    private static TestApi api;
    private static DockerClients docker;

    @BeforeAll
    static void start() {
        SchedulingConfig keepsMuch = new SchedulingConfig(null, null, SchedulingConfig.Gpus.of(List.of()),
                SchedulingConfig.DEFAULT_STARVATION_BOUND, 3, SchedulingConfig.DEFAULT_PIDS_LIMIT,
                new MemorySize(MAX_LOG), null, null);
        daemon = new TestDaemon(TestApi.config(home, null).withScheduling(keepsMuch)
                .withSecurity(SecurityConfig.none().withRunJobsAsSubmitter(true))
                .withContainers(new ContainerDefaults(new MemorySize(DEFAULT_MEMORY), "1000:1000", true,
                        new ContainerDefaults.DockerLog(new MemorySize(DOCKER_LOG_FILE), 3))));
        api = daemon.api;
        docker = DockerClients.fromEnvironment();
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void aJobThatAsksNothingGetsTheServersDefaults() throws Exception {
        JobView job = submit(PROBE, JobSpec.defaults());
        InspectContainerResponse container = probed(job);
        String log = api.logs(job.id(), false);

        assertThat(container.getHostConfig().getMemory()).isEqualTo(DEFAULT_MEMORY);
        assertThat(api.job(job.id()).requests().memoryBytes()).as("in its record, as admission counts it")
                .isEqualTo(DEFAULT_MEMORY);
        assertThat(container.getConfig().getUser()).isEqualTo("1000:1000");
        assertThat(log).contains("uid 1000 gid 1000");
        assertThat(container.getHostConfig().getReadonlyRootfs()).isTrue();
        assertThat(log).contains("/tmp/probe written", "/job/probe written", "/usr/probe refused: Read-only file system");
        assertThat(container.getHostConfig().getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(container.getHostConfig().getLogConfig().getConfig())
                .containsEntry("max-size", "18m").containsEntry("max-file", "3");
        assertThat(release(job).state()).as(log).isEqualTo("completed");
    }

    @Test
    void aJobThatNamesItsMemoryAndUserKeepsThem() throws Exception {
        JobView job = submit(PROBE, JobSpec.defaults().withRequests(JobRequests.none().withMemoryBytes(128L << 20))
                .withRunAs("1234:2345"));
        InspectContainerResponse container = probed(job);

        assertThat(container.getHostConfig().getMemory()).isEqualTo(128L << 20);
        assertThat(container.getConfig().getUser()).isEqualTo("1234:2345");
        assertThat(api.logs(job.id(), false)).contains("uid 1234 gid 2345");
        assertThat(release(job).state()).isEqualTo("completed");
    }

    @Test
    void berthsLogIsWholeThoughDockersRotates() throws Exception {
        // 200,000 numbered lines at once, about 27 MB of Docker's JSON: a rotation of files of 18m. The engine's
        // follow is not whole across a rotation (lines repeated; a file removed before a lagging follow read it is
        // lost), so the first comes only once Berth's log is full and two files wait for a follow that lags: what
        // Berth keeps is whole.
        JobView job = submit("""
                import sys
                for i in range(200_000):
                    sys.stdout.write('line %07d %s\\n' % (i, 'x' * 60))
                print('the end')
                """, JobSpec.defaults());
        await().atMost(Duration.ofSeconds(120)).until(() -> api.job(job.id()).finished());
        assertThat(api.job(job.id()).state()).isEqualTo("completed");
        List<String> lines = Files.readAllLines(home.resolve("data/jobs/" + job.id() + "/logs/attempt-1.log"));
        int cut = lines.indexOf(lines.stream().filter(l -> l.startsWith("berth: output cut here")).findFirst()
                .orElseThrow());
        List<String> kept = lines.subList(0, cut - 1); // the line before the marker is cut short, then a blank
        assertThat(kept).hasSizeGreaterThan(70_000);
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i)).as("line %d of Berth's log", i).startsWith(String.format("line %07d ", i));
        }
    }

    private static JobView submit(String script, JobSpec spec) throws Exception {
        String digest = api.upload(Map.of("main.py", script));
        return api.submitted(new SubmitJobRequest(digest, "defaults", List.of("main.py"), Map.of(), spec));
    }

    private static InspectContainerResponse probed(JobView job) {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.logs(job.id(), false).contains("probed"));
        String id = docker.call(c -> c.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.JOB_ID, job.id())).exec()).get(0).getId();
        return docker.call(c -> c.inspectContainerCmd(id).exec());
    }

    private static JobView release(JobView job) throws Exception {
        Files.writeString(home.resolve("data/jobs/" + job.id() + "/job/release"), "");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.job(job.id()).finished());
        return api.job(job.id());
    }
}
