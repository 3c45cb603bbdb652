package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.archive.SafeTarExtractor;
import io.berth.daemon.core.admission.AdmissionPolicy;
import io.berth.daemon.core.admission.Capacity;
import io.berth.daemon.core.admission.Node;
import io.berth.daemon.storage.FileJobEventSource;
import io.berth.daemon.storage.FileSystemBundleStore;
import io.berth.daemon.storage.FileSystemWorkspace;
import io.berth.daemon.storage.TestBundles;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.VolumeMount;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core end to end (service, dispatcher, runner, workspace) with an in-memory store and runtime. */
class JobLifecycleTest {
    private static final int SLOTS = 2;

    @TempDir
    Path data;

    private final ReadCountingJobStore records = new ReadCountingJobStore();
    private final IndexedJobStore store = IndexedJobStore.over(records);
    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private final InMemoryJobResultsStore results = new InMemoryJobResultsStore();
    private FileSystemBundleStore bundles;
    private FileSystemWorkspace workspace;
    private Dispatcher dispatcher;
    private JobService service;
    private String bundle;

    @BeforeEach
    void startServer() {
        bundles = new FileSystemBundleStore(data.resolve("bundles"), 1 << 20, TestBundles.UNPACKING);
        workspace = new FileSystemWorkspace(data, new SafeTarExtractor(1 << 20, 100));
        ResultsCollector collector = new ResultsCollector(new FileJobEventSource(data), results);
        SpecPolicy policy = new SpecPolicy(List.of(data), List.of());
        JobRunner runner = new JobRunner(store, bundles, workspace, runtime, new FakeDependencyImages(), collector,
                Clock.systemUTC(), new RunSettings(Duration.ofSeconds(1), 3, 1024, 1 << 20, data.resolve("helpers")),
                policy, new LogSignals());
        dispatcher = new Dispatcher(store, runner, Node.local(new Capacity(SLOTS, 4000, 8L << 30, List.of("0", "1"))),
                new AdmissionPolicy(Duration.ofMinutes(30)), Clock.systemUTC(), Duration.ofSeconds(5));
        service = new JobService(store, bundles, workspace, results, dispatcher, Clock.systemUTC(), "worker:latest",
                policy);
        byte[] tarGz = TestBundles.tarGz(Map.of("main.py", "print('hi')\n"));
        bundle = TestBundles.sha256(tarGz);
        bundles.put(bundle, new ByteArrayInputStream(tarGz));
        dispatcher.start();
    }

    @AfterEach
    void stopServer() {
        service.clearQueue(JobFilter.ALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            runtime.finishAll();
            return store.all().stream().allMatch(job -> job.state().isFinished()) && dispatcher.activeCount() == 0;
        });
        dispatcher.close();
    }

    private Job submit(String... command) {
        return service.submit(new SubmitJobRequest(bundle, "demo", List.of(command), Map.of("lr", 0.5), null));
    }

    private Job submit(JobRequests requests, String... command) {
        return service.submit(new SubmitJobRequest(bundle, "demo", List.of(command), Map.of(),
                JobSpec.defaults().withRequests(requests)));
    }

    private Job awaitFinished(Job job) {
        await().atMost(Duration.ofSeconds(10)).until(() -> store.find(job.id()).orElseThrow().state().isFinished());
        return store.find(job.id()).orElseThrow();
    }

    @Test
    void aJobThatExitsZeroCompletesWithItsLogAndArchive() throws Exception {
        Job done = awaitFinished(submit("echo", "hello"));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.exitCode()).isZero();
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
        assertThat(Files.readString(workspace.logFile(done.id(), 1))).isEqualTo("hello\n");
        assertThat(workspace.archiveFile(done.id())).isPresent();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(runtime.containerCount()).as("container removed").isZero());
    }

    @Test
    void theContainerGetsTheContractEnvironmentMountAndDefaultImage() {
        Job done = awaitFinished(submit("echo", "x"));
        ContainerSpec spec = runtime.specOf(done.id());
        assertThat(spec.image()).isEqualTo("worker:latest");
        assertThat(spec.workingDir()).isEqualTo("/job/job_source");
        assertThat(spec.environment()).containsEntry("BERTH_JOB_ID", done.id())
                .containsEntry("BERTH_PROJECT", "demo")
                .containsEntry("BERTH_ATTEMPT", "1")
                .containsEntry("FOUNDATIONS_JOB_ID", done.id())
                .containsEntry("BERTH_PARAMETERS_FILE", "/job/job_source/foundations_job_parameters.json");
        assertThat(spec.volumes()).anySatisfy(v -> assertThat(v.containerPath()).isEqualTo("/job"));
        assertThat(spec.labels()).containsEntry(ContainerLabels.JOB_ID, done.id());
    }

    @Test
    void aNonZeroExitFailsWithTheCode() {
        Job done = awaitFinished(submit("exit", "3"));
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.exitCode()).isEqualTo(3);
    }

    @Test
    void aMissingImageFailsWithThatReasonInStateAndLog() throws Exception {
        Job job = service.submit(new SubmitJobRequest(bundle, "demo", List.of("echo"), Map.of(),
                JobSpec.defaults().withImage("missing")));
        Job done = awaitFinished(job);
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.reason()).startsWith("image not found: missing; put it on the server's Docker engine")
                .contains("docker build -t missing").contains("docker load -i");
        assertThat(Files.readString(workspace.logFile(done.id(), 1))).contains("image not found: missing");
    }

    @Test
    void aProjectWithRequirementsRunsInTheImageItsInstallGaveAfterTheInstallsOutput() throws Exception {
        Job done = awaitFinished(submitProject(Map.of("main.py", "", "requirements.txt", "numpy\n"), "echo", "ran"));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(runtime.specOf(done.id()).image()).isEqualTo("deps-numpy");
        assertThat(Files.readString(workspace.logFile(done.id(), 1))).isEqualTo("installed numpy\nran\n");
    }

    @Test
    void aFailedInstallFailsTheJobWithItsReasonAndOutputAndStartsNoContainer() throws Exception {
        Job done = awaitFinished(submitProject(Map.of("main.py", "", "requirements.txt", "missing\n"), "echo", "ran"));
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.exitCode()).isNull();
        assertThat(done.reason()).isEqualTo("installing dependencies from requirements.txt failed (exit 1); "
                + "its output is in the job's log");
        assertThat(Files.readString(workspace.logFile(done.id(), 1))).isEqualTo(
                "ERROR: No matching distribution found for missing\nberth: job failed: " + done.reason() + "\n");
        assertThatThrownBy(() -> runtime.specOf(done.id())).as("no container started")
                .isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(workspace.archiveFile(done.id())).isPresent();
    }

    private Job submitProject(Map<String, String> files, String... command) {
        byte[] tarGz = TestBundles.tarGz(files);
        String digest = TestBundles.sha256(tarGz);
        bundles.put(digest, new ByteArrayInputStream(tarGz));
        return service.submit(new SubmitJobRequest(digest, "demo", List.of(command), Map.of(), null));
    }

    @Test
    void neverMoreContainersAtOnceThanSlots() {
        List<Job> jobs = java.util.stream.IntStream.range(0, 6).mapToObj(i -> submit("block")).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.activeCount() == SLOTS);
        assertThat(store.queue()).hasSize(4);
        for (int i = 0; i < 3; i++) {
            runtime.finishAll();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            runtime.finishAll();
            return jobs.stream().allMatch(j -> store.find(j.id()).orElseThrow().state().isFinished());
        });
        assertThat(runtime.mostRunningAtOnce()).isEqualTo(SLOTS);
    }

    @Test
    void stoppingARunningJobEndsItStopped() {
        Job job = submit("block");
        await().until(() -> store.find(job.id()).orElseThrow().state() == JobState.RUNNING);
        service.stop(job.id().substring(0, 14));
        Job done = awaitFinished(job);
        assertThat(done.state()).isEqualTo(JobState.STOPPED);
        assertThat(done.reason()).isEqualTo("stopped by user");
    }

    @Test
    void aQueuedJobWhoseStoredSpecWasChangedToMountTheHostFailsAndNothingIsStarted() {
        submit("block");
        submit("block");
        Job queued = submit("echo", "forged");
        await().until(() -> dispatcher.activeCount() == SLOTS);
        Job stored = store.find(queued.id()).orElseThrow();
        // as someone with write access to the store would: the record only, not through the service
        JobSpec forged = new JobSpec(stored.spec().image(), null, null, Map.of(),
                List.of(new VolumeMount("/", "/host", false)), null, null, "bridge");
        assertThat(store.replace(stored, stored.toBuilder().spec(forged).build())).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            runtime.finishAll();
            return store.find(queued.id()).orElseThrow().state().isFinished();
        });
        Job done = store.find(queued.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.reason()).isEqualTo("refused by the server's policy: worker.volumes: /: would give the job /"
                + " of the server's machine; an operator can allow it with volume_allow_list in server.yaml");
        assertThat(runtime.started()).noneMatch(spec -> queued.id().equals(spec.labels().get(ContainerLabels.JOB_ID)));
    }

    @Test
    void stoppingAQueuedJobTakesItOutOfTheQueueAtOnce() {
        submit("block");
        submit("block");
        Job queued = submit("block");
        Job stopped = service.stop(queued.id());
        assertThat(stopped.state()).isEqualTo(JobState.STOPPED);
        assertThat(store.queue()).doesNotContain(queued.id());
    }

    @Test
    void clearQueueStopsOnlyQueuedJobs() {
        submit("block");
        submit("block");
        Job third = submit("block");
        Job fourth = submit("block");
        await().until(() -> dispatcher.activeCount() == SLOTS);
        assertThat(service.clearQueue(JobFilter.ALL)).containsExactly(third.id(), fourth.id());
        assertThat(store.find(fourth.id()).orElseThrow().state()).isEqualTo(JobState.STOPPED);
        assertThat(dispatcher.activeCount()).isEqualTo(SLOTS);
    }

    @Test
    void deleteRefusesUnfinishedJobsAndRemovesFinishedOnes() {
        Job running = submit("block");
        await().until(() -> store.find(running.id()).orElseThrow().state() == JobState.RUNNING);
        assertThatThrownBy(() -> service.delete(running.id()))
                .isInstanceOf(JobConflictException.class).hasMessageContaining("running");
        Job done = awaitFinished(submit("echo", "bye"));
        service.delete(done.id());
        assertThat(store.find(done.id())).isEmpty();
        assertThat(workspace.archiveFile(done.id())).isEmpty();
        assertThat(workspace.logFile(done.id(), 1)).doesNotExist();
    }

    @Test
    void anAmbiguousPrefixShowsFiveCandidatesAndSaysHowManyMatchedInAll() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(submit("block").id());
        }
        ids.sort(null); // ids made within one millisecond are not in submission order
        String shared = ids.get(0).substring(0, 1);
        assertThat(ids).allMatch(id -> id.startsWith(shared));
        assertThatThrownBy(() -> service.resolve(shared))
                .isInstanceOf(AmbiguousJobIdException.class)
                .hasMessage("'" + shared + "' matches 7 jobs: " + String.join(", ", ids.subList(0, 5))
                        + " and 2 more; give more of the id")
                .satisfies(e -> assertThat(((AmbiguousJobIdException) e).candidates()).isEqualTo(ids.subList(0, 5)));
    }

    @Test
    void idsResolveByUniquePrefixAndAmbiguityListsCandidates() {
        Job a = submit("block");
        Job b = submit("block");
        assertThat(service.resolve(a.id().toUpperCase()).id()).isEqualTo(a.id());
        String shared = a.id().substring(0, 1);
        assertThat(b.id()).startsWith(shared);
        assertThatThrownBy(() -> service.resolve(shared))
                .isInstanceOf(AmbiguousJobIdException.class)
                .satisfies(e -> assertThat(((AmbiguousJobIdException) e).candidates()).contains(a.id(), b.id()));
        assertThatThrownBy(() -> service.resolve("zzzzzzzz")).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> service.resolve("../etc")).isInstanceOf(InvalidSubmissionException.class);
    }

    @Test
    void submissionsWithoutBundleOrCommandAreRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> service.submit(new SubmitJobRequest("f".repeat(64), "demo", List.of("x"), null, null)))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("bundleDigest");
        assertThatThrownBy(() -> service.submit(new SubmitJobRequest(bundle, "demo", List.of(), null, null)))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("command");
        assertThatThrownBy(() -> service.submit(new SubmitJobRequest(bundle, "../x", List.of("x"), null, null)))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("project");
        assertThatThrownBy(() -> service.submit(new SubmitJobRequest(bundle, "my project", List.of("x"), null, null)))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("'my project'");
        assertThatThrownBy(() -> service.submit(new SubmitJobRequest(bundle, "demo", List.of("x"), null,
                JobSpec.defaults().withRequests(JobRequests.none().withCpus(0.001)))))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("spec.requests: cpus must be at least 0.01 (Docker's minimum), got 0.001");
        assertThatThrownBy(() -> service.submit(new SubmitJobRequest(bundle, "demo", List.of("x"), null,
                JobSpec.defaults().withRequests(JobRequests.none().withNumGpus(3)))))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("could never run")
                .hasMessageContaining("3 GPUs");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void anAttemptLostToTheEngineIsRetriedUntilMaxAttemptsThenFails() throws Exception {
        Job done = awaitFinished(submit(JobRequests.none().withMaxAttempts(2), "engine-fault"));
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.reason()).contains("Docker could not start its container").contains("gave up after 2 attempts");
        assertThat(Files.readString(workspace.logFile(done.id(), 1)))
                .contains("attempt 1 of 2 ended: Docker could not start its container").contains("queued again");
        assertThat(Files.readString(workspace.logFile(done.id(), 2))).contains("berth: job failed");
    }

    @Test
    void aJobWhoseContainerVanishedRunsAgainAndKeepsEachAttemptsLog() throws Exception {
        Job done = awaitFinished(submit("vanish-before-attempt", "2"));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(Files.readString(workspace.logFile(done.id(), 1))).contains("its container vanished");
        assertThat(workspace.logFile(done.id(), 2)).exists();
    }

    @Test
    void whenTheEngineAnswersAgainItsContainerIsFollowedAgainOrTheAttemptCountsAsLost() throws Exception {
        Job followed = awaitFinished(submit("engine-away"));
        assertThat(followed.state()).isEqualTo(JobState.COMPLETED);
        assertThat(followed.attempt()).as("not run twice").isEqualTo(1);

        Job rerun = awaitFinished(submit("engine-away-and-gone-before-attempt", "2"));
        assertThat(rerun.state()).isEqualTo(JobState.COMPLETED);
        assertThat(rerun.attempt()).isEqualTo(2);
        assertThat(Files.readString(workspace.logFile(rerun.id(), 1)))
                .contains("its container was gone when Docker answered again");
    }

    @Test
    void anAttemptTheEngineStoppedAsItShutDownRunsAgainOnceItIsBackWithoutCountingIt() throws Exception {
        Job done = awaitFinished(submit(JobRequests.none().withMaxAttempts(1), "engine-shutdown-before-attempt", "2"));
        assertThat(done.state()).as("its only attempt was the engine's to lose").isEqualTo(JobState.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.attemptsLostToEngine()).isEqualTo(1);
        assertThat(Files.readString(workspace.logFile(done.id(), 1))).contains("attempt 1 ended: the Docker engine"
                + " stopped while it ran (exit 143); the job is queued again, this attempt not counted");
    }

    @Test
    void aStartTheEngineFailsCostsNoAttemptAndTheNextTryWaitsLongerEachTime() throws Exception {
        Job job = submit(JobRequests.none().withMaxAttempts(1), "engine-fault-at-start", "2");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(service.queue())
                .singleElement().satisfies(entry -> {
                    assertThat(entry.reason()).startsWith("the Docker engine failed to start a container (its network"
                            + " bridge is missing); next try in ");
                    assertThat(entry.job().attempt()).as("no attempt used").isZero();
                    assertThat(entry.job().queuePosition()).as("its place kept").isEqualTo(job.queuePosition());
                }));
        Job done = awaitFinished(job);

        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.attempt()).isEqualTo(1);
        List<java.time.Instant> tries = runtime.startTries(done.id());
        assertThat(tries).hasSize(3);
        assertThat(Duration.between(tries.get(0), tries.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(750));
        assertThat(Duration.between(tries.get(1), tries.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(Files.readString(workspace.logFile(done.id(), 1))).contains("berth: the Docker engine failed to "
                + "start its container (its network bridge is missing); it waits in the queue, no attempt used");
    }

    @Test
    void aJobQueuedWhileTheEngineIsAwayWaitsWithItsAttemptsUnspentAndStartsWhenItIsBack() {
        runtime.setAnswering(false);
        Job queued = submit("echo", "hi");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> store.find(queued.id()).orElseThrow().state() == JobState.QUEUED);
        assertThat(store.find(queued.id()).orElseThrow().attempt()).isZero();
        assertThat(runtime.started()).isEmpty();
        assertThat(service.queue()).extracting(QueueEntry::reason).containsExactly(Dispatcher.ENGINE_AWAY);

        runtime.setAnswering(true);
        dispatcher.wake();
        Job done = awaitFinished(queued);
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.attempt()).isEqualTo(1);
    }

    @Test
    void aContainerFoundEndedBySignalAfterTheEngineWasAwayCountsAsLostButAFailureOfItsOwnDoesNot() throws Exception {
        Job stopped = awaitFinished(submit("engine-away-exit-before-attempt", "2", "143"));
        assertThat(stopped.state()).isEqualTo(JobState.COMPLETED);
        assertThat(stopped.attempt()).isEqualTo(2);
        assertThat(Files.readString(workspace.logFile(stopped.id(), 1)))
                .contains("the Docker engine stopped while it ran (exit 143)");

        // as with live-restore: the job failed by itself while the engine was away, and is not run again
        Job failed = awaitFinished(submit("engine-away-exit-before-attempt", "2", "1"));
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.attempt()).isEqualTo(1);
    }

    @Test
    void aJobStoppedWhileItWaitsForTheEngineToStartItEndsStoppedWithoutAContainer() {
        Job waiting = submit("engine-gone-at-start");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.find(waiting.id()).orElseThrow().state() == JobState.STARTING);
        runtime.setAnswering(false);
        service.stop(waiting.id());
        Job done = awaitFinished(waiting);
        assertThat(done.state()).isEqualTo(JobState.STOPPED);
        assertThat(runtime.started()).isEmpty();
    }

    @Test
    void aContainerThatStartedThoughItsStartFailedWithTheEngineIsFollowedNotStartedTwice() {
        Job done = awaitFinished(submit("engine-gone-after-start"));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(runtime.started()).as("one container, run once").hasSize(1);
    }

    @Test
    void aContainerThatCannotBeFollowedThoughTheEngineAnswersCostsItsAttemptInsteadOfBeingFollowedForEver() {
        Job failed = awaitFinished(submit(JobRequests.none().withMaxAttempts(2), "never-says-exit"));
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.attempt()).isEqualTo(2);
        assertThat(failed.reason()).contains("Berth lost touch with its container");
    }

    @Test
    void aStartThatFindsTheEngineGoneWaitsForItAndCostsNoAttempt() throws Exception {
        Job done = awaitFinished(submit("engine-gone-at-start"));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(Files.readString(workspace.logFile(done.id(), 1)))
                .contains("the Docker engine is not answering; the job starts when it is back");
    }

    @Test
    void aFailingJobIsRetriedOnlyIfItAsked() {
        Job retried = awaitFinished(submit(JobRequests.none().withRetryOnFailure(true), "exit-before-attempt", "3", "4"));
        assertThat(retried.state()).isEqualTo(JobState.COMPLETED);
        assertThat(retried.attempt()).isEqualTo(3);

        Job notRetried = awaitFinished(submit("exit-before-attempt", "3", "4"));
        assertThat(notRetried.state()).isEqualTo(JobState.FAILED);
        assertThat(notRetried.attempt()).isEqualTo(1);

        Job outOfAttempts = awaitFinished(submit(JobRequests.none().withRetryOnFailure(true).withMaxAttempts(2),
                "exit-before-attempt", "3", "4"));
        assertThat(outOfAttempts.state()).isEqualTo(JobState.FAILED);
        assertThat(outOfAttempts.exitCode()).isNull();
        assertThat(outOfAttempts.reason()).contains("exit code 4").contains("gave up after 2 attempts");
    }

    @Test
    void aJobPastItsTimeoutIsStoppedAndFailsAsTimeout() {
        Job done = awaitFinished(submit(JobRequests.none().withTimeoutSeconds(1L), "block"));
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.reason()).isEqualTo("timeout: ran longer than its limit of 1s");
        assertThat(Duration.between(done.startedAt(), done.finishedAt())).isBetween(Duration.ofMillis(900),
                Duration.ofSeconds(5));
        assertThat(workspace.logFile(done.id(), 1)).content()
                .as("the log says why it ended, which the job's own output cannot")
                .endsWith("berth: job failed: timeout: ran longer than its limit of 1s\n");
    }

    @Test
    void aDispatcherWithJobsItCannotStartReadsNoneOfTheirRecords() throws InterruptedException {
        Job holder = submit(JobRequests.none().withNumGpus(2), "block");
        await().until(() -> dispatcher.activeCount() == 1);
        for (int i = 0; i < 200; i++) {
            submit(JobRequests.none().withNumGpus(1), "block");
        }
        records.reads.set(0);
        for (int i = 0; i < 5; i++) {
            dispatcher.wake(); // as job ends and submits elsewhere would
            Thread.sleep(20);
        }
        assertThat(records.reads.get()).as("job records read while a free slot had nothing it could start").isZero();
        assertThat(service.queue()).hasSize(200).allSatisfy(entry -> assertThat(entry.reason()).contains("GPU"));

        service.stop(holder.id());
        await().until(() -> dispatcher.activeCount() == SLOTS);
    }

    /** The in-memory store, counting the job records read from it (findAll reads through find). */
    private static final class ReadCountingJobStore extends InMemoryJobStore {
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public java.util.Optional<Job> find(String id) {
            reads.incrementAndGet();
            return super.find(id);
        }
    }

    @Test
    void higherPriorityStartsFirstAndMovesReorderWithinAPriority() {
        submit("block");
        submit("block");
        await().until(() -> dispatcher.activeCount() == SLOTS);
        Job low = submit("block");
        Job normal = submit("block");
        Job high = submit(JobRequests.none().withPriority(5), "block");
        Job normal2 = submit("block");
        service.moveBefore(normal2.id(), normal.id());
        assertThat(service.queue()).extracting(entry -> entry.job().id())
                .containsExactly(high.id(), low.id(), normal2.id(), normal.id());
        service.moveToFront(normal.id());
        assertThat(service.queue()).extracting(entry -> entry.job().id())
                .containsExactly(high.id(), normal.id(), low.id(), normal2.id());
        assertThat(service.queue()).allSatisfy(entry -> assertThat(entry.reason()).startsWith("slots full"));
        assertThatThrownBy(() -> service.moveBefore(low.id(), high.id()))
                .isInstanceOf(JobConflictException.class).hasMessageContaining("priority");

        runtime.finishAll();
        await().until(() -> runtime.started().size() >= 4);
        // both start in the same pass, each on its own thread: which container is created first is a race
        assertThat(runtime.started().subList(2, 4)).extracting(spec -> spec.labels().get(ContainerLabels.JOB_ID))
                .containsExactlyInAnyOrder(high.id(), normal.id());
    }

    @Test
    void gpuJobsGetDistinctIdsAndWaitForFreeOnes() {
        Job first = submit(JobRequests.none().withNumGpus(1), "block");
        Job second = submit(JobRequests.none().withNumGpus(1), "block");
        await().until(() -> dispatcher.activeCount() == 2);
        ContainerSpec a = runtime.specOf(first.id());
        ContainerSpec b = runtime.specOf(second.id());
        assertThat(List.of(a.gpuDeviceIds(), b.gpuDeviceIds())).containsExactlyInAnyOrder(List.of("0"), List.of("1"));
        assertThat(a.environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", a.gpuDeviceIds().get(0))
                .containsEntry("CUDA_VISIBLE_DEVICES", "0").containsEntry("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        assertThat(store.find(first.id()).orElseThrow().gpuIds()).isEqualTo(a.gpuDeviceIds());
    }

    @Test
    void aRetriedSubmissionWithTheSameKeyQueuesOneJobAndOneSweep() {
        SubmitJobRequest request = new SubmitJobRequest(bundle, "demo", List.of("block"), Map.of(), null)
                .withIdempotencyKey("retry-me-0001");
        Job first = service.submit(request);
        Job again = service.submit(request);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(store.all()).extracting(Job::id).containsExactly(first.id());

        SubmitSweepRequest sweep = new SubmitSweepRequest(bundle, "demo", List.of("block"), Map.of(), null,
                List.of(Map.of("lr", 1), Map.of("lr", 2)), "retry-me-0002");
        List<Job> queued = service.submitSweep(sweep);
        assertThat(service.submitSweep(sweep)).extracting(Job::id)
                .containsExactlyElementsOf(queued.stream().map(Job::id).toList());
        assertThat(store.all()).hasSize(3);
    }

    @Test
    void aSweepsIdGivenForAJobIsSaidToBeASweeps() {
        List<Job> queued = service.submitSweep(new SubmitSweepRequest(bundle, "demo", List.of("block"), Map.of(), null,
                List.of(Map.of("lr", 1)), null));
        String sweepId = queued.get(0).sweepId();
        assertThat(queued).extracting(Job::id).doesNotContain(sweepId);

        assertThatThrownBy(() -> service.resolve(sweepId)).isInstanceOf(JobNotFoundException.class)
                .hasMessage("no job matches '" + sweepId + "', but sweep " + sweepId + " does: name its jobs with --sweep "
                        + sweepId + " (berth list --sweep " + sweepId + " shows them)");
    }
}
