package io.berth.daemon.tasks;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.archive.SafeTarExtractor;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerSpec;
import io.berth.daemon.core.FakeContainerRuntime;
import io.berth.daemon.core.InMemoryJobStore;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.ManagedContainer;
import io.berth.daemon.core.JobSummary;
import io.berth.daemon.storage.FileSystemBundleStore;
import io.berth.daemon.storage.FileSystemWorkspace;
import io.berth.daemon.storage.TestBundles;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverSweeperTest {
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(3));

    @TempDir
    Path data;

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private FileSystemWorkspace workspace;
    private FileSystemBundleStore bundles;
    private LeftoverSweeper sweeper;

    @BeforeEach
    void setUp() {
        workspace = new FileSystemWorkspace(data, new SafeTarExtractor(1 << 20, 100));
        bundles = new FileSystemBundleStore(data.resolve("bundles"), 1 << 20, TestBundles.UNPACKING);
        sweeper = new LeftoverSweeper(store, runtime, workspace, bundles, Set::of, Duration.ofDays(1),
                Clock.systemUTC());
    }

    /** A stored bundle with this content, stored {@code at}. */
    private String bundle(String content, Instant at) throws Exception {
        byte[] bytes = TestBundles.tarGz(Map.of("main.py", content));
        String digest = TestBundles.sha256(bytes);
        bundles.put(digest, new ByteArrayInputStream(bytes));
        Files.setLastModifiedTime(bundles.path(digest), FileTime.from(at));
        return digest;
    }

    private Job stored(Job job) {
        store.insert(job);
        return job;
    }

    private Job withBundle(Job job, String digest) {
        return job.toBuilder().bundleDigest(digest).build();
    }

    private String containerOf(String jobId, int attempt) {
        return runtime.start(ContainerSpec.builder("c-" + jobId, "img").command(List.of("block"))
                .environment(Map.of("BERTH_ATTEMPT", Integer.toString(attempt)))
                .labels(Map.of(ContainerLabels.JOB_ID, jobId, ContainerLabels.ATTEMPT, Integer.toString(attempt))).build());
    }

    @Test
    void aContainerNamingNoServerIsLeftAloneUnlessItsJobIsThisServers() {
        Job queued = stored(aQueuedJob());
        Job ended = queued.claimed().started("c", Instant.now()).completed(Instant.now());
        store.replace(queued, ended);
        String ofAnotherServer = runtime.start(ContainerSpec.builder("old-other", "img").command(List.of("block"))
                .environment(Map.of("BERTH_ATTEMPT", "1"))
                .labels(Map.of(ContainerLabels.JOB_ID, "not-this-servers",
                        ContainerLabels.ATTEMPT, "1", FakeContainerRuntime.UNCLAIMED, "")).build());
        String ofThisServersEndedJob = runtime.start(ContainerSpec.builder("old-ours", "img").command(List.of("block"))
                .environment(Map.of("BERTH_ATTEMPT", "1"))
                .labels(Map.of(ContainerLabels.JOB_ID, ended.id(),
                        ContainerLabels.ATTEMPT, "1", FakeContainerRuntime.UNCLAIMED, "")).build());

        sweeper.sweep();

        assertThat(runtime.listManaged()).extracting(ManagedContainer::containerId)
                .contains(ofAnotherServer).doesNotContain(ofThisServersEndedJob);
    }

    @Test
    void leftoversGoAndLiveJobsKeepEverything() throws Exception {
        String liveBundle = bundle("live", LONG_AGO);
        String queuedBundle = bundle("queued", LONG_AGO);
        String unusedBundle = bundle("unused", LONG_AGO);
        String freshBundle = bundle("just uploaded", Instant.now());

        Job live = stored(withBundle(aQueuedJob(), liveBundle));
        Job running = live.claimed().started("c", Instant.now());
        store.replace(live, running);
        workspace.prepare(running, bundles.path(liveBundle));
        containerOf(running.id(), 1);
        stored(withBundle(aQueuedJob(), queuedBundle));

        Job finished = stored(withBundle(aQueuedJob(), liveBundle));
        Job ended = finished.claimed().started("c", Instant.now()).completed(Instant.now());
        store.replace(finished, ended);
        workspace.prepare(ended, bundles.path(liveBundle));
        workspace.openLog(ended).close();
        workspace.archive(ended, JobSummary.NONE);
        Files.setLastModifiedTime(workspace.archiveFile(ended.id()).orElseThrow(), FileTime.from(LONG_AGO));
        containerOf(ended.id(), 1);

        containerOf("0000000000000000", 1); // its job was deleted
        Files.createDirectories(data.resolve("jobs/0000000000000001/logs"));

        LeftoverSweeper.Swept first = sweeper.sweep();

        assertThat(first).isEqualTo(new LeftoverSweeper.Swept(2, 1, 1, 0, 1));
        assertThat(runtime.listManaged()).extracting(c -> c.jobId()).containsExactly(running.id());
        assertThat(workspace.hasJobDir(running.id())).isTrue();
        assertThat(workspace.hasJobDir(ended.id())).isFalse();
        assertThat(workspace.archiveFile(ended.id())).isEmpty();
        assertThat(workspace.logFile(ended.id(), 1)).as("a finished job keeps its logs").exists();
        assertThat(data.resolve("jobs/0000000000000001")).doesNotExist();
        assertThat(bundles.stored()).containsKeys(liveBundle, queuedBundle, unusedBundle, freshBundle);

        LeftoverSweeper.Swept second = sweeper.sweep();

        assertThat(second.bundles()).isEqualTo(1);
        assertThat(bundles.stored().keySet()).containsExactlyInAnyOrder(liveBundle, queuedBundle, freshBundle);
        assertThat(workspace.hasJobDir(running.id())).isTrue();
    }

    private void installFor(String jobId, int attempt) {
        runtime.start(ContainerSpec.builder("deps-" + jobId + "-" + attempt, "img").command(List.of("block"))
                .environment(Map.of("BERTH_ATTEMPT", Integer.toString(attempt)))
                .labels(Map.of(ContainerLabels.ROLE, ContainerLabels.DEPENDENCY_BUILD, ContainerLabels.INSTALL_FOR, jobId,
                        ContainerLabels.ATTEMPT, Integer.toString(attempt))).build());
    }

    @Test
    void aDependencyInstallIsKeptOnlyWhileThisServerIsStartingItsAttempt() {
        Job queued = stored(aQueuedJob());
        Job starting = queued.claimed();
        store.replace(queued, starting);
        Job other = stored(aQueuedJob());
        Job requeued = other.claimed().requeued("lost");
        store.replace(other, requeued);
        LeftoverSweeper sweeping = new LeftoverSweeper(store, runtime, workspace, bundles,
                () -> Set.of(starting.id()), null, Clock.systemUTC());
        installFor(starting.id(), 1);
        installFor(requeued.id(), 1); // its server was killed mid-install; the job waits for its next attempt

        assertThat(sweeping.sweep().containers()).isEqualTo(1);
        assertThat(runtime.listManaged()).extracting(c -> c.jobId()).containsExactly(starting.id());
    }

    @Test
    void theContainerOfAJobThisServerRunsIsKeptWhateverTheStoreSays() {
        LeftoverSweeper trusting = new LeftoverSweeper(store, runtime, workspace, bundles,
                () -> Set.of("0000000000000002"), null, Clock.systemUTC());
        containerOf("0000000000000002", 1);
        assertThat(trusting.sweep().containers()).isZero();
        assertThat(runtime.listManaged()).hasSize(1);
    }
}
