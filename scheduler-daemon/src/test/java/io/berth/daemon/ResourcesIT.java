package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.berth.config.MemorySize;
import io.berth.config.SchedulingConfig;
import io.berth.config.ServerConfig;
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

/** What a job asks of the scheduler, enforced on the real engine: memory, CPUs, pids, timeouts, lost containers. */
class ResourcesIT {
    private static final long PIDS_LIMIT = 321;
    private static final long MAX_LOG_BYTES = 8L << 20;

    @TempDir
    static Path home;

    private static TestDaemon daemon;
    private static TestApi api;
    private static DockerClients docker;

    @BeforeAll
    static void start() {
        SchedulingConfig scheduling = new SchedulingConfig(null, null, SchedulingConfig.Gpus.of(List.of()),
                SchedulingConfig.DEFAULT_STARVATION_BOUND, 3, PIDS_LIMIT, new MemorySize(MAX_LOG_BYTES), null, null);
        ServerConfig config = TestApi.config(home, null).withScheduling(scheduling);
        daemon = new TestDaemon(config);
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

    private static JobView run(String script, JobRequests requests) throws Exception {
        String digest = api.upload(Map.of("main.py", script));
        return api.submitted(new SubmitJobRequest(digest, "resources", List.of("main.py"), Map.of(),
                JobSpec.defaults().withRequests(requests)));
    }

    private static JobView awaitFinished(JobView job, Duration atMost) {
        await().atMost(atMost).until(() -> api.job(job.id()).finished());
        try {
            return api.job(job.id());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aJobPastItsMemoryLimitFailsAsOutOfMemory() throws Exception {
        JobView job = run("blocks = [bytearray(16 << 20) for _ in range(32)]\nprint('survived')\n",
                JobRequests.none().withMemoryBytes(64L << 20));
        JobView done = awaitFinished(job, Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo("failed");
        assertThat(done.reason()).contains("out of memory");
        assertThat(api.logs(job.id(), false)).doesNotContain("survived");
    }

    @Test
    void cpuQuotaAndPidsLimitAreVisibleInsideTheContainer() throws Exception {
        // cgroup v1 and v2 name these differently; print whichever this engine has
        JobView job = run("""
                import os
                def read(path):
                    return open(path).read().strip() if os.path.exists(path) else None
                v2 = read('/sys/fs/cgroup/cpu.max')
                if v2:
                    quota, period = v2.split()
                else:
                    quota, period = read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'), read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')
                print('cpus', int(quota) / int(period))
                print('pids', read('/sys/fs/cgroup/pids.max') or read('/sys/fs/cgroup/pids/pids.max'))
                """, JobRequests.none().withCpus(0.5));
        JobView done = awaitFinished(job, Duration.ofSeconds(60));
        String log = api.logs(job.id(), false);
        assertThat(done.state()).as(log).isEqualTo("completed");
        assertThat(log).contains("cpus 0.5").contains("pids " + PIDS_LIMIT);
        assertThat(done.requests().cpus()).isEqualTo(0.5);
    }

    @Test
    void aJobHasNoCapabilitiesAndCannotGainPrivileges() throws Exception {
        JobView job = run("""
                for line in open('/proc/self/status'):
                    if line.startswith(('CapEff', 'CapBnd', 'NoNewPrivs')):
                        print(line.strip())
                """, JobRequests.none());
        JobView done = awaitFinished(job, Duration.ofSeconds(60));
        String log = api.logs(job.id(), false);
        assertThat(done.state()).as(log).isEqualTo("completed");
        assertThat(log).containsPattern("CapEff:\\s+0+\\n").containsPattern("CapBnd:\\s+0+\\n")
                .containsPattern("NoNewPrivs:\\s+1");
    }

    @Test
    void aJobPrintingMoreThanTheLogKeepsIsCutWithAMarkerAndStillEnds() throws Exception {
        JobView job = run("""
                import sys
                line = 'x' * 1023 + '\\n'
                for _ in range(16 * 1024):
                    sys.stdout.write(line)
                print('the end')
                """, JobRequests.none());
        JobView done = awaitFinished(job, Duration.ofSeconds(120));
        assertThat(done.state()).isEqualTo("completed");
        Path log = home.resolve("data/jobs/" + job.id() + "/logs/attempt-1.log");
        assertThat(Files.size(log)).isBetween(MAX_LOG_BYTES, MAX_LOG_BYTES + 1024);
        assertThat(log).content().contains("berth: output cut here").doesNotContain("the end");
    }

    @Test
    void aForkBombStopsAtThePidsLimitWithoutTakingTheServerDown() throws Exception {
        JobView bomb = run("""
                import os, time
                children = 0
                try:
                    while True:
                        if os.fork() == 0:
                            time.sleep(30)
                            os._exit(0)
                        children += 1
                except OSError as e:
                    print('fork failed after', children, 'children:', e.strerror, flush=True)
                """, JobRequests.none().withTimeoutSeconds(20L));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.logs(bomb.id(), false).contains("fork failed"));
        String log = api.logs(bomb.id(), false);
        int children = Integer.parseInt(log.replaceAll("(?s).*fork failed after (\\d+) children.*", "$1"));
        assertThat(children).isLessThan((int) PIDS_LIMIT);
        JobView beside = awaitFinished(run("print('still fine')\n", JobRequests.none()), Duration.ofSeconds(60));
        assertThat(beside.state()).isEqualTo("completed");
        awaitFinished(bomb, Duration.ofSeconds(90));
    }

    @Test
    void aJobPastItsTimeoutIsStoppedAndFailsAsTimeout() throws Exception {
        JobView job = run("import time\nprint('started', flush=True)\ntime.sleep(120)\n",
                JobRequests.none().withTimeoutSeconds(2L));
        JobView done = awaitFinished(job, Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo("failed");
        assertThat(done.reason()).isEqualTo("timeout: ran longer than its limit of 2s");
        assertThat(Duration.between(done.startedAt(), done.finishedAt())).isLessThan(Duration.ofSeconds(30));
        assertThat(api.logs(job.id(), false)).contains("started");
    }

    @Test
    void aJobWhoseContainerIsRemovedFromOutsideRunsAgain() throws Exception {
        JobView job = run("""
                import os, time
                attempt = os.environ['BERTH_ATTEMPT']
                print('attempt', attempt, flush=True)
                if attempt == '1':
                    time.sleep(120)
                """, JobRequests.none());
        await().atMost(Duration.ofSeconds(60)).until(() -> !containersOf(job.id()).isEmpty()
                && api.job(job.id()).state().equals("running"));
        for (Container container : containersOf(job.id())) {
            docker.call(c -> c.removeContainerCmd(container.getId()).withForce(true).exec());
        }

        JobView done = awaitFinished(job, Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo("completed");
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(api.logs(job.id(), false)).contains("attempt 2");
        Path firstLog = home.resolve("data/jobs/" + job.id() + "/logs/attempt-1.log");
        assertThat(firstLog).content().contains("attempt 1").contains("its container vanished");
    }

    private static List<Container> containersOf(String jobId) {
        return docker.call(c -> c.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.JOB_ID, jobId)).exec());
    }
}
