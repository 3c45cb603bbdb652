package io.berth.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.archive.SafeTarExtractor;
import io.berth.daemon.core.InMemoryJobResultsStore;
import io.berth.daemon.core.InMemoryJobStore;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobEvent;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.core.TestJobs;
import io.berth.daemon.storage.FileSystemBundleStore;
import io.berth.daemon.storage.FileSystemWorkspace;
import io.berth.daemon.storage.TestBundles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the head takes of an agent's reports about a job, and what it refuses (fencing by agent and attempt). */
class AgentJobsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path data;

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryJobResultsStore results = new InMemoryJobResultsStore();
    private final List<String> released = new ArrayList<>();
    private FileSystemWorkspace workspace;
    private AgentJobs jobs;
    private Job running;

    @BeforeEach
    void aJobRunningOnAgentGpu1() {
        workspace = new FileSystemWorkspace(data, new SafeTarExtractor(1 << 20, 100));
        jobs = new AgentJobs(store, results, workspace,
                new FileSystemBundleStore(data.resolve("bundles"), 1 << 20, TestBundles.UNPACKING), new LogSignals(),
                released::add);
        Job queued = TestJobs.aQueuedJob();
        store.insert(queued);
        Job claimed = queued.claimed(List.of("0"), "gpu1");
        store.replace(queued, claimed);
        running = claimed.started("container-1", NOW);
        store.replace(claimed, running);
    }

    @Test
    void theAgentsEndOfItsAttemptIsRecordedAndTheJobNoLongerHoldsCapacity() {
        Job completed = running.completed(NOW.plusSeconds(5));

        assertThat(jobs.replace("gpu1", running.id(), running.attempt(), running.version(), completed)).isTrue();

        Job stored = store.find(running.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.COMPLETED);
        assertThat(stored.node()).isEqualTo("gpu1");
        assertThat(released).containsExactly(running.id());
    }

    @Test
    void aWriteThatLostARaceIsNotTakenSoTheAgentReadsTheJobAgain() {
        Job stopAsked = running.withStopRequested();
        store.replace(running, stopAsked);

        assertThat(jobs.replace("gpu1", running.id(), running.attempt(), running.version(),
                running.completed(NOW))).isFalse();
        assertThat(store.find(running.id()).orElseThrow()).isEqualTo(stopAsked);
    }

    @Test
    void reportsOfAnAttemptTheHeadGaveBackAreRefusedAndChangeNothing() {
        Job requeued = running.lostToEngine("agent gpu1 was lost");
        store.replace(running, requeued);

        assertThatThrownBy(() -> jobs.replace("gpu1", running.id(), running.attempt(), requeued.version(),
                running.completed(NOW))).isInstanceOf(FencedException.class).hasMessageContaining("no longer agent gpu1's");
        assertThatThrownBy(() -> jobs.appendLog("gpu1", running.id(), running.attempt(), 0, bytes("late\n")))
                .isInstanceOf(FencedException.class);
        assertThatThrownBy(() -> jobs.results("gpu1", running.id(), running.attempt()))
                .isInstanceOf(FencedException.class);
        assertThatThrownBy(() -> jobs.storeArchive("gpu1", running.id(), running.attempt(), bytes("tar")))
                .isInstanceOf(FencedException.class);
        assertThat(store.find(running.id()).orElseThrow()).isEqualTo(requeued);
        assertThat(workspace.archiveFile(running.id())).isEmpty();
        assertThat(workspace.logFile(running.id(), running.attempt())).doesNotExist();
    }

    @Test
    void anAgentBackFromBeingLostIsToldWhichOfItsRunsTheHeadTookBack() {
        Job other = TestJobs.aQueuedJob();
        store.insert(other);
        Job otherClaimed = other.claimed(List.of(), "gpu1");
        store.replace(other, otherClaimed);
        Job otherRunning = otherClaimed.started("container-2", NOW);
        store.replace(otherClaimed, otherRunning);
        Job finished = otherRunning.completed(NOW);
        store.replace(otherRunning, finished);
        List<AgentProtocol.Attempt> listed = List.of(new AgentProtocol.Attempt(running.id(), running.attempt()),
                new AgentProtocol.Attempt(other.id(), otherClaimed.attempt()));
        assertThat(jobs.takenBack("gpu1", listed)).as("its own, and one whose end it recorded").isEmpty();

        Job requeued = running.lostToEngine("agent gpu1 was lost");
        store.replace(running, requeued);
        assertThat(jobs.takenBack("gpu1", listed)).as("given back to the queue").containsExactly(running.id());

        Job claimedAgain = requeued.claimed(List.of("0"), "gpu1");
        store.replace(requeued, claimedAgain);
        assertThat(jobs.takenBack("gpu1", listed)).as("claimed for it again, in the next attempt")
                .containsExactly(running.id());
        assertThat(jobs.takenBack("gpu1", List.of(new AgentProtocol.Attempt(running.id(), claimedAgain.attempt()))))
                .isEmpty();
        assertThat(jobs.takenBack("gpu2", listed)).as("another agent's").containsExactly(running.id(), other.id());

        store.delete(finished);
        assertThat(jobs.takenBack("gpu1", List.of(new AgentProtocol.Attempt(other.id(), otherClaimed.attempt()))))
                .as("deleted").containsExactly(other.id());
    }

    @Test
    void anotherAgentCannotReportForTheJobNorReadIt() {
        assertThatThrownBy(() -> jobs.replace("gpu2", running.id(), running.attempt(), running.version(),
                running.completed(NOW))).isInstanceOf(FencedException.class);
        assertThatThrownBy(() -> jobs.job("gpu2", running.id())).isInstanceOf(FencedException.class);
        assertThat(jobs.job("gpu1", running.id())).isEqualTo(running);
    }

    @Test
    void anAgentChangesOnlyWhatRunningAJobChangesOfIt() {
        assertThatThrownBy(() -> jobs.replace("gpu1", running.id(), running.attempt(), running.version(),
                running.toBuilder().gpuIds(List.of("7")).build())).isInstanceOf(FencedException.class)
                .hasMessageContaining("GPUs it was not given");
        assertThatThrownBy(() -> jobs.replace("gpu1", running.id(), running.attempt(), running.version(),
                running.completed(NOW).toBuilder().node("gpu2").build())).isInstanceOf(FencedException.class);
        Job tampered = running.completed(NOW).toBuilder().bundleDigest("f".repeat(64)).queuePosition(1).build();

        assertThat(jobs.replace("gpu1", running.id(), running.attempt(), running.version(), tampered)).isTrue();

        Job stored = store.find(running.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.COMPLETED);
        assertThat(stored.bundleDigest()).isEqualTo(running.bundleDigest());
        assertThat(stored.queuePosition()).isEqualTo(running.queuePosition());
    }

    @Test
    void aQueuedAgainJobForgetsItsResultsAndIsReleased() {
        results.append(running.id(), 0, 10, List.of(new JobEvent(JobEvent.Kind.METRIC, "loss", 0.5, 1L, NOW, null,
                null)));

        assertThat(jobs.replace("gpu1", running.id(), running.attempt(), running.version(),
                running.lostToEngine("the engine restarted"))).isTrue();

        Job stored = store.find(running.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.QUEUED);
        assertThat(stored.node()).isNull();
        assertThat(results.offset(running.id())).isZero();
        assertThat(released).containsExactly(running.id());
    }

    @Test
    void theLogTakesEachByteOnceWhateverIsSentAgainAndSaysWhereToGoOnAfterAGap() throws Exception {
        String id = running.id();
        int attempt = running.attempt();

        assertThat(jobs.appendLog("gpu1", id, attempt, -1, bytes(""))).as("asked, nothing sent").isZero();
        assertThat(jobs.appendLog("gpu1", id, attempt, 0, bytes("one\n"))).isEqualTo(4);
        assertThat(jobs.appendLog("gpu1", id, attempt, 0, bytes("one\ntwo\n"))).as("a resend").isEqualTo(8);
        assertThat(jobs.appendLog("gpu1", id, attempt, 20, bytes("lost\n"))).as("a gap: go on from 8").isEqualTo(8);

        assertThat(Files.readString(workspace.logFile(id, attempt))).isEqualTo("one\ntwo\n");
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
