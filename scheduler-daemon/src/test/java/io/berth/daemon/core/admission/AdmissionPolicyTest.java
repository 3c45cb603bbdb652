package io.berth.daemon.core.admission;

import static io.berth.daemon.core.admission.AdmissionFixtures.BOUND;
import static io.berth.daemon.core.admission.AdmissionFixtures.NOW;
import static io.berth.daemon.core.admission.AdmissionFixtures.aQueuedJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.aRunningJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.gpus;
import static io.berth.daemon.core.admission.AdmissionFixtures.slotsAndGpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Order, backfill and the starvation bound. */
class AdmissionPolicyTest {
    private static final String HELD = "; capacity held for it (waited over 10m)";

    private final AdmissionPolicy policy = new AdmissionPolicy(BOUND);

    @Test
    void higherPriorityIsConsideredFirst() {
        AdmissionPlan plan = policy.plan(
                List.of(aQueuedJob("low").build(), aQueuedJob("high").priority(5).build()),
                slotsAndGpus(1), List.of(), NOW);

        assertThat(admitted(plan)).containsExactly("high");
        assertThat(plan.waiting()).extracting(Waiting::jobId, Waiting::reason, Waiting::heldFor)
                .containsExactly(tuple("low", "slots full (1 of 1 in use)", null));
    }

    @Test
    void withinAPriorityTheQueueOrderHoldsAndWaitingJobsAreListedInTheOrderTheyWillBeConsidered() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("a").priority(1).build(),
                        aQueuedJob("b").priority(1).build(),
                        aQueuedJob("c").build(),
                        aQueuedJob("d").priority(1).build(),
                        aQueuedJob("e").priority(2).build()),
                slotsAndGpus(2), List.of(), NOW);

        assertThat(admitted(plan)).containsExactly("e", "a");
        assertThat(plan.waiting()).extracting(Waiting::jobId).containsExactly("b", "d", "c");
    }

    @Test
    void aJobThatDoesNotFitDoesNotBlockSmallerJobsBehindIt() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("big").priority(9).gpus(2).build(),
                        aQueuedJob("one-gpu").gpus(1).build(),
                        aQueuedJob("another-gpu").gpus(1).build(),
                        aQueuedJob("cpu-only").milliCpus(4000).build()),
                slotsAndGpus(4, "g0", "g1"), List.of(aRunningJob("r", gpus(1), "g0")), NOW);

        assertThat(admitted(plan)).containsExactly("one-gpu", "cpu-only");
        assertThat(plan.waiting()).extracting(Waiting::jobId, Waiting::reason)
                .containsExactly(tuple("big", "needs 2 GPUs, 1 free"), tuple("another-gpu", "needs 1 GPU, 0 free"));
    }

    @Test
    void aStarvedJobHoldsWhatIsFreeOfWhatItNeedsAndLaterJobsCannotTakeIt() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("big").gpus(2).starved().build(),
                        aQueuedJob("one-gpu").gpus(1).build(),
                        aQueuedJob("two-gpus").gpus(2).build(),
                        aQueuedJob("cpu-only").milliCpus(4000).build()),
                slotsAndGpus(4, "g0", "g1"), List.of(aRunningJob("r", gpus(1), "g0")), NOW);

        assertThat(admitted(plan)).as("what the starved job does not need stays usable").containsExactly("cpu-only");
        assertThat(plan.waiting()).extracting(Waiting::jobId, Waiting::reason, Waiting::heldFor).containsExactly(
                tuple("big", "needs 2 GPUs, 1 free" + HELD, null),
                tuple("one-gpu", "held for job big", "big"),
                tuple("two-gpus", "needs 2 GPUs, 1 free", null));
    }

    @Test
    void aStarvedJobHoldsASlotToo() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("big").gpus(2).starved().build(),
                        aQueuedJob("cpu-only").milliCpus(1000).build()),
                slotsAndGpus(2, "g0", "g1"), List.of(aRunningJob("r", gpus(1), "g0")), NOW);

        assertThat(admitted(plan)).isEmpty();
        assertThat(plan.waiting()).extracting(Waiting::jobId, Waiting::heldFor).containsExactly(
                tuple("big", null), tuple("cpu-only", "big"));
    }

    @Test
    void aJobThatStillFitsBesideTheHoldIsAdmitted() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("big").gpus(3).starved().build(),
                        aQueuedJob("small").gpus(1).build()),
                slotsAndGpus(4, "g0", "g1", "g2", "g3"), List.of(aRunningJob("r", gpus(2), "g0", "g1")), NOW);

        assertThat(admitted(plan)).as("big holds both free GPUs: nothing left for small").isEmpty();

        AdmissionPlan roomier = policy.plan(List.of(
                        aQueuedJob("big").gpus(3).starved().build(),
                        aQueuedJob("small").gpus(1).build()),
                slotsAndGpus(4, "g0", "g1", "g2", "g3"), List.of(aRunningJob("r", gpus(1), "g0")), NOW);

        assertThat(roomier.admit()).extracting(Admission::jobId, Admission::gpuIds)
                .as("big fits now and goes first").containsExactly(tuple("big", List.of("g1", "g2", "g3")));
    }

    @Test
    void aJobJustBelowTheBoundHoldsNothing() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("big").gpus(2).waited(BOUND.minusMillis(1)).build(),
                        aQueuedJob("one-gpu").gpus(1).build()),
                slotsAndGpus(4, "g0", "g1"), List.of(aRunningJob("r", gpus(1), "g0")), NOW);

        assertThat(admitted(plan)).containsExactly("one-gpu");
        assertThat(plan.waiting()).extracting(Waiting::reason).containsExactly("needs 2 GPUs, 1 free");
    }

    @Test
    void aStarvedJobIsNotPassedByAHigherPriorityJobThatArrivesLater() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("patient").priority(0).gpus(2).starved().build(),
                        aQueuedJob("urgent").priority(100).gpus(1).build()),
                slotsAndGpus(4, "g0", "g1"), List.of(aRunningJob("r", gpus(1), "g0")), NOW);

        assertThat(admitted(plan)).isEmpty();
        assertThat(plan.waiting()).extracting(Waiting::jobId, Waiting::heldFor)
                .containsExactly(tuple("patient", null), tuple("urgent", "patient"));
    }

    @Test
    void aStarvedJobThatFitsStartsBeforeHigherPriorityJobs() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("urgent").priority(100).build(),
                        aQueuedJob("patient").starved().build()),
                slotsAndGpus(1), List.of(), NOW);

        assertThat(admitted(plan)).containsExactly("patient");
        assertThat(plan.waiting()).extracting(Waiting::jobId).containsExactly("urgent");
    }

    @Test
    void starvedJobsHoldLongestWaitingFirstWhateverTheirPriority() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("newer").priority(5).gpus(2).waited(BOUND.plusMinutes(1)).build(),
                        aQueuedJob("older").gpus(3).waited(BOUND.plusMinutes(9)).build(),
                        aQueuedJob("small").priority(9).gpus(1).build()),
                slotsAndGpus(8, "g0", "g1", "g2", "g3"), List.of(aRunningJob("r", gpus(2), "g0", "g1")), NOW);

        assertThat(admitted(plan)).isEmpty();
        assertThat(plan.waiting()).extracting(Waiting::jobId, Waiting::reason, Waiting::heldFor).containsExactly(
                tuple("older", "needs 3 GPUs, 2 free" + HELD, null),
                tuple("newer", "held for job older" + HELD, "older"),
                tuple("small", "held for job older", "older"));
    }

    @Test
    void aBigJobGetsHeldCapacityOnceStarvedAndStartsWhenEnoughRunningJobsEnd() {
        SimulatedServer server = new SimulatedServer(policy, slotsAndGpus(4, "g0", "g1"));
        Instant t0 = NOW;
        server.start(aRunningJob("r1", gpus(1), "g0"));
        server.start(aRunningJob("r2", gpus(1), "g1"));
        server.submit(new QueuedJob("big", 0, t0, gpus(2)));
        assertThat(admitted(server.step(t0))).isEmpty();
        server.submit(new QueuedJob("s1", 0, t0.plusSeconds(30), gpus(1)));
        server.submit(new QueuedJob("s2", 0, t0.plusSeconds(30), gpus(1)));

        server.end("r1");
        AdmissionPlan beforeBound = server.step(t0.plusSeconds(60));
        assertThat(admitted(beforeBound)).as("before the bound, small jobs backfill").containsExactly("s1");
        assertThat(beforeBound.waiting()).extracting(Waiting::reason)
                .containsExactly("needs 2 GPUs, 1 free", "needs 1 GPU, 0 free");

        server.end("r2");
        AdmissionPlan pastBound = server.step(t0.plus(BOUND));
        assertThat(admitted(pastBound)).as("the GPU r2 freed is held for big").isEmpty();
        assertThat(pastBound.waiting()).extracting(Waiting::jobId, Waiting::reason).containsExactly(
                tuple("big", "needs 2 GPUs, 1 free" + HELD), tuple("s2", "held for job big"));

        server.end("s1");
        AdmissionPlan fits = server.step(t0.plus(BOUND).plusSeconds(60));
        assertThat(fits.admit()).extracting(Admission::jobId, Admission::gpuIds)
                .containsExactly(tuple("big", List.of("g0", "g1")));
        assertThat(fits.waiting()).extracting(Waiting::jobId, Waiting::reason)
                .containsExactly(tuple("s2", "needs 1 GPU, 0 free" + HELD));
    }

    @Test
    void aRejectedJobHoldsNothing() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("impossible").gpus(3).starved().build(),
                        aQueuedJob("small").gpus(1).build()),
                slotsAndGpus(4, "g0", "g1"), List.of(aRunningJob("r", gpus(1), "g0")), NOW);

        assertThat(admitted(plan)).containsExactly("small");
        assertThat(plan.waiting()).isEmpty();
        assertThat(plan.rejected()).extracting(Rejection::jobId).containsExactly("impossible");
    }

    static List<String> admitted(AdmissionPlan plan) {
        return plan.admit().stream().map(Admission::jobId).toList();
    }
}
