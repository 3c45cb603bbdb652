package io.berth.daemon.core.admission;

import static io.berth.daemon.core.admission.AdmissionFixtures.BOUND;
import static io.berth.daemon.core.admission.AdmissionFixtures.GIB;
import static io.berth.daemon.core.admission.AdmissionFixtures.NOW;
import static io.berth.daemon.core.admission.AdmissionFixtures.aQueuedJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.aRunningJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.capacity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What people read: why a job waits, why it can never run, and how amounts are written. */
class AdmissionPolicyReasonsTest {
    private static final Capacity SERVER = capacity(4, 16_000, 256 * GIB, "g0", "g1");

    private final AdmissionPolicy policy = new AdmissionPolicy(BOUND);

    @Test
    void eachShortfallIsNamed() {
        List<RunningJob> running = List.of(aRunningJob("r", new Resources(15_500, 254 * GIB, 1), "g0"));

        assertThat(reasonWhileRunning(aQueuedJob("q").gpus(2), running)).isEqualTo("needs 2 GPUs, 1 free");
        assertThat(reasonWhileRunning(aQueuedJob("q").milliCpus(1500), running)).isEqualTo("needs 1.5 CPUs, 0.5 free");
        assertThat(reasonWhileRunning(aQueuedJob("q").memory(8 * GIB), running)).isEqualTo("needs 8 GiB memory, 2 GiB free");
        assertThat(reasonWhileRunning(aQueuedJob("q").memory(3 * GIB / 2), List.of(aRunningJob("r",
                new Resources(0, 255 * GIB, 0))))).isEqualTo("needs 1.5 GiB memory, 1 GiB free");
    }

    @Test
    void oneOfAThingIsSingular() {
        List<RunningJob> running = List.of(aRunningJob("r", new Resources(16_000, 0, 2), "g0", "g1"));

        assertThat(reasonWhileRunning(aQueuedJob("q").gpus(1), running)).isEqualTo("needs 1 GPU, 0 free");
        assertThat(reasonWhileRunning(aQueuedJob("q").milliCpus(1000), running)).isEqualTo("needs 1 CPU, 0 free");
    }

    @Test
    void fullSlotsComeFirstAndSayHowManyAreInUse() {
        List<RunningJob> running = List.of(
                aRunningJob("r1", Resources.NONE), aRunningJob("r2", Resources.NONE),
                aRunningJob("r3", Resources.NONE), aRunningJob("r4", new Resources(16_000, 0, 2), "g0", "g1"));

        assertThat(reasonWhileRunning(aQueuedJob("q").gpus(1).milliCpus(1000), running))
                .isEqualTo("slots full (4 of 4 in use)");
    }

    @Test
    void theFirstShortfallIsGpusThenCpusThenMemory() {
        List<RunningJob> running = List.of(aRunningJob("r", new Resources(16_000, 256 * GIB, 2), "g0", "g1"));

        assertThat(reasonWhileRunning(aQueuedJob("q").gpus(1).milliCpus(1).memory(1), running)).startsWith("needs 1 GPU");
        assertThat(reasonWhileRunning(aQueuedJob("q").milliCpus(1).memory(1), running)).startsWith("needs 0.001 CPUs");
        assertThat(reasonWhileRunning(aQueuedJob("q").memory(1), running)).isEqualTo("needs 1 B memory, 0 B free");
    }

    @Test
    void requestsBeyondTheWholeServerAreImpossible() {
        assertThat(AdmissionPolicy.whyImpossible(new Resources(0, 0, 4), SERVER)).hasValue("needs 4 GPUs, this server has 2");
        assertThat(AdmissionPolicy.whyImpossible(new Resources(64_000, 0, 0), SERVER)).hasValue("needs 64 CPUs, this server has 16");
        assertThat(AdmissionPolicy.whyImpossible(new Resources(0, 1024 * GIB, 0), SERVER))
                .hasValue("needs 1 TiB memory, this server has 256 GiB");
        assertThat(AdmissionPolicy.whyImpossible(new Resources(0, 0, 1), capacity(1, 1000, GIB)))
                .hasValue("needs 1 GPU, this server has 0");
    }

    @Test
    void aRequestForExactlyEverythingIsPossible() {
        assertThat(AdmissionPolicy.whyImpossible(new Resources(16_000, 256 * GIB, 2), SERVER)).isEmpty();
        assertThat(AdmissionPolicy.whyImpossible(Resources.NONE, SERVER)).isEmpty();
    }

    @Test
    void impossibleJobsAreRejectedWithTheReasonAndDoNotWait() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("greedy").milliCpus(17_000).build(),
                        aQueuedJob("modest").milliCpus(16_000).build()),
                SERVER, List.of(), NOW);

        assertThat(plan.rejected()).extracting(Rejection::jobId, Rejection::reason)
                .containsExactly(tuple("greedy", "needs 17 CPUs, this server has 16"));
        assertThat(plan.admit()).extracting(Admission::jobId).containsExactly("modest");
        assertThat(plan.waiting()).isEmpty();
    }

    @Test
    void amountsAreWrittenForPeople() {
        assertThat(Reasons.cpus(1500)).isEqualTo("1.5");
        assertThat(Reasons.cpus(2000)).isEqualTo("2");
        assertThat(Reasons.cpus(250)).isEqualTo("0.25");
        assertThat(Reasons.cpus(0)).isEqualTo("0");
        assertThat(Reasons.bytes(0)).isEqualTo("0 B");
        assertThat(Reasons.bytes(1023)).isEqualTo("1023 B");
        assertThat(Reasons.bytes(1024)).isEqualTo("1 KiB");
        assertThat(Reasons.bytes(512L << 20)).isEqualTo("512 MiB");
        assertThat(Reasons.bytes(8 * GIB)).isEqualTo("8 GiB");
        assertThat(Reasons.bytes(3 * GIB / 2)).isEqualTo("1.5 GiB");
        assertThat(Reasons.bytes(GIB + GIB / 3)).isEqualTo("1.33 GiB");
        assertThat(Reasons.bytes(Long.MAX_VALUE)).isEqualTo("8 EiB");
        assertThat(Reasons.duration(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Reasons.duration(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Reasons.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Reasons.duration(Duration.ofHours(49))).isEqualTo("49h");
        assertThat(Reasons.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    }

    @Test
    void aStarvedJobSaysCapacityIsHeldForItWithTheBound() {
        AdmissionPolicy hourly = new AdmissionPolicy(Duration.ofMinutes(90));
        AdmissionPlan plan = hourly.plan(List.of(aQueuedJob("q").gpus(2).waited(Duration.ofHours(2)).build()),
                SERVER, List.of(aRunningJob("r", new Resources(0, 0, 1), "g1")), NOW);

        assertThat(plan.waiting()).extracting(Waiting::reason)
                .containsExactly("needs 2 GPUs, 1 free; capacity held for it (waited over 1h30m)");
    }

    private String reasonWhileRunning(AdmissionFixtures.QueuedJobBuilder job, List<RunningJob> running) {
        AdmissionPlan plan = policy.plan(List.of(job.build()), SERVER, running, NOW);
        assertThat(plan.admit()).isEmpty();
        return plan.waiting().get(0).reason();
    }
}
