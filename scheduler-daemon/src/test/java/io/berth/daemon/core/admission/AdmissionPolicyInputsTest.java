package io.berth.daemon.core.admission;

import static io.berth.daemon.core.admission.AdmissionFixtures.BOUND;
import static io.berth.daemon.core.admission.AdmissionFixtures.GIB;
import static io.berth.daemon.core.admission.AdmissionFixtures.NOW;
import static io.berth.daemon.core.admission.AdmissionFixtures.aQueuedJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.aRunningJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.capacity;
import static io.berth.daemon.core.admission.AdmissionFixtures.gpus;
import static io.berth.daemon.core.admission.AdmissionFixtures.slotsAndGpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the policy refuses to plan for, and that planning changes nothing. */
class AdmissionPolicyInputsTest {
    private final AdmissionPolicy policy = new AdmissionPolicy(BOUND);

    @Test
    void negativeRequestsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Resources(-1, 0, 0)).withMessageContaining("milliCpus");
        assertThatIllegalArgumentException().isThrownBy(() -> new Resources(0, -1, 0)).withMessageContaining("memoryBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> new Resources(0, 0, -1)).withMessageContaining("gpus");
    }

    @Test
    void aCapacityHasRealTotalsAndDistinctGpuIds() {
        assertThatIllegalArgumentException().isThrownBy(() -> capacity(0, 1000, GIB)).withMessageContaining("slots");
        assertThatIllegalArgumentException().isThrownBy(() -> capacity(1, 0, GIB)).withMessageContaining("milliCpus");
        assertThatIllegalArgumentException().isThrownBy(() -> capacity(1, 1000, 0)).withMessageContaining("memoryBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> capacity(1, 1000, GIB, "g0", "g0"))
                .withMessageContaining("g0 twice");
        assertThatIllegalArgumentException().isThrownBy(() -> capacity(1, 1000, GIB, " ")).withMessageContaining("blank");
    }

    @Test
    void aRunningJobHoldsAsManyDistinctGpuIdsAsItAskedFor() {
        assertThatIllegalArgumentException().isThrownBy(() -> aRunningJob("r", gpus(2), "g0"))
                .withMessageContaining("job r asked for 2 GPU(s) but holds 1");
        assertThatIllegalArgumentException().isThrownBy(() -> aRunningJob("r", gpus(2), "g0", "g0"))
                .withMessageContaining("g0 twice");
    }

    @Test
    void aJobIdMayAppearOnlyOnce() {
        assertThatIllegalArgumentException().isThrownBy(() -> policy.plan(
                        List.of(aQueuedJob("a").build(), aQueuedJob("a").build()), slotsAndGpus(1), List.of(), NOW))
                .withMessageContaining("job a is given twice");
        assertThatIllegalArgumentException().isThrownBy(() -> policy.plan(
                        List.of(aQueuedJob("a").build()), slotsAndGpus(1), List.of(aRunningJob("a", Resources.NONE)), NOW))
                .withMessageContaining("job a is given twice");
    }

    @Test
    void twoRunningJobsCannotHoldTheSameGpu() {
        assertThatIllegalArgumentException().isThrownBy(() -> policy.plan(List.of(), slotsAndGpus(2, "g0"),
                        List.of(aRunningJob("r1", gpus(1), "g0"), aRunningJob("r2", gpus(1), "g0")), NOW))
                .withMessage("GPU g0 is held by both job r1 and job r2");
    }

    @Test
    void theBoundMayBeZeroButNotNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AdmissionPolicy(Duration.ofSeconds(-1)));
        AdmissionPlan plan = new AdmissionPolicy(Duration.ZERO).plan(
                List.of(aQueuedJob("big").gpus(2).build(), aQueuedJob("small").gpus(1).build()),
                slotsAndGpus(4, "g0", "g1"), List.of(aRunningJob("r", gpus(1), "g0")), NOW);
        assertThat(plan.admit()).as("with no bound every waiting job holds: no backfill").isEmpty();
    }

    @Test
    void runningJobsBeyondTheCapacityLeaveRoomForJobsThatDoNotAskForWhatIsOverused() {
        AdmissionPlan plan = policy.plan(
                List.of(aQueuedJob("cpu").milliCpus(1).build(), aQueuedJob("free").memory(GIB).build()),
                capacity(4, 1000, 4 * GIB), List.of(aRunningJob("r", new Resources(2000, 0, 0))), NOW);

        assertThat(plan.admit()).extracting(Admission::jobId).containsExactly("free");
        assertThat(plan.waiting()).extracting(Waiting::reason).containsExactly("needs 0.001 CPUs, 0 free");
    }

    @Test
    void planningIsPureAndLeavesItsInputsAlone() {
        List<QueuedJob> queue = new ArrayList<>(List.of(
                aQueuedJob("a").gpus(2).starved().build(), aQueuedJob("b").gpus(1).build(), aQueuedJob("c").build()));
        List<RunningJob> running = new ArrayList<>(List.of(aRunningJob("r", gpus(1), "g0")));
        List<QueuedJob> queueBefore = List.copyOf(queue);

        AdmissionPlan first = policy.plan(queue, slotsAndGpus(3, "g0", "g1"), running, NOW);
        AdmissionPlan second = policy.plan(queue, slotsAndGpus(3, "g0", "g1"), running, NOW);

        assertThat(second).isEqualTo(first);
        assertThat(queue).isEqualTo(queueBefore);
        assertThat(running).containsExactly(aRunningJob("r", gpus(1), "g0"));
    }
}
