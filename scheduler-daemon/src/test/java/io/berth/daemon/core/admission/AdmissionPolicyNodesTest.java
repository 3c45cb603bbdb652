package io.berth.daemon.core.admission;

import static io.berth.daemon.core.admission.AdmissionFixtures.BOUND;
import static io.berth.daemon.core.admission.AdmissionFixtures.NOW;
import static io.berth.daemon.core.admission.AdmissionFixtures.aQueuedJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.gpus;
import static io.berth.daemon.core.admission.AdmissionFixtures.inOrders;
import static io.berth.daemon.core.admission.AdmissionFixtures.node;
import static io.berth.daemon.core.admission.AdmissionFixtures.slotsAndGpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placement over several nodes (the head's engine and agents): labels, fit per node, reasons, holds. */
class AdmissionPolicyNodesTest {
    private static final Map<String, String> A100 = Map.of("gpu_model", "a100");

    private final AdmissionPolicy policy = new AdmissionPolicy(BOUND);
    private final Node local = Node.local(slotsAndGpus(2));
    private final Node gpu1 = node("gpu1", slotsAndGpus(2, "0", "1"), "gpu_model", "a100");
    private final Node gpu2 = node("gpu2", slotsAndGpus(2, "0", "1", "2"), "gpu_model", "v100");

    @Test
    void aJobGoesToTheFirstNodeWithRoomAndGetsThatNodesGpuIds() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("a").build(),
                        aQueuedJob("b").build(),
                        aQueuedJob("c").build(),
                        aQueuedJob("d").gpus(2).build(),
                        aQueuedJob("e").gpus(2).build()),
                List.of(local, gpu1, gpu2), List.of(), NOW);

        assertThat(plan.admit()).extracting(Admission::jobId, Admission::node, Admission::gpuIds).containsExactly(
                tuple("a", "local", List.of()),
                tuple("b", "local", List.of()),
                tuple("c", "gpu1", List.of()),
                tuple("d", "gpu1", List.of("0", "1")),
                tuple("e", "gpu2", List.of("0", "1")));
    }

    @Test
    void constraintsNarrowWhereAJobMayRun() {
        AdmissionPlan plan = policy.plan(List.of(aQueuedJob("a100").constraints(A100).build()),
                List.of(local, gpu2, gpu1), List.of(), NOW);

        assertThat(plan.admit()).extracting(Admission::jobId, Admission::node).containsExactly(tuple("a100", "gpu1"));
    }

    @Test
    void aJobNoNodesLabelsSuitWaitsSayingWhichLabelsItAsksFor() {
        AdmissionPlan plan = policy.plan(List.of(aQueuedJob("h100").constraints(Map.of("gpu_model", "h100")).build()),
                List.of(local, gpu1, gpu2), List.of(), NOW);

        assertThat(plan.admit()).isEmpty();
        assertThat(plan.rejected()).isEmpty();
        assertThat(plan.waiting()).extracting(Waiting::jobId, Waiting::reason)
                .containsExactly(tuple("h100", "no agent has gpu_model=h100 (worker.constraints)"));
    }

    @Test
    void aJobTooLargeForEveryNodeItMayRunOnIsRejectedEvenIfAnotherNodeIsLargeEnough() {
        AdmissionPlan plan = policy.plan(List.of(aQueuedJob("big").gpus(3).constraints(A100).build()),
                List.of(local, gpu1, gpu2), List.of(), NOW);

        assertThat(plan.rejected()).extracting(Rejection::jobId, Rejection::reason)
                .containsExactly(tuple("big", "gpu1: needs 3 GPUs, it has 2"));
        assertThat(policy.plan(List.of(aQueuedJob("big").gpus(3).build()), List.of(local, gpu1, gpu2), List.of(), NOW)
                .admit()).extracting(Admission::node).containsExactly("gpu2");
    }

    @Test
    void aWaitingJobSaysWhyOnEachNodeItMayRunOn() {
        List<RunningJob> running = List.of(
                new RunningJob("r1", gpus(1), List.of("0"), "gpu1"),
                new RunningJob("r2", gpus(2), List.of("0", "1"), "gpu2"));

        AdmissionPlan plan = policy.plan(List.of(aQueuedJob("q").gpus(2).build()), List.of(local, gpu1, gpu2),
                running, NOW);

        assertThat(plan.waiting()).extracting(Waiting::reason).containsExactly(
                "local: needs 2 GPUs, 0 free; gpu1: needs 2 GPUs, 1 free; gpu2: needs 2 GPUs, 1 free");
    }

    @Test
    void aStarvedJobHoldsOnOneNodeOnlyAndOtherNodesKeepAdmitting() {
        List<RunningJob> running = List.of(
                new RunningJob("r1", gpus(1), List.of("0"), "gpu1"),
                new RunningJob("r2", gpus(1), List.of("0"), "gpu2"));

        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("starved").gpus(3).starved().build(),
                        aQueuedJob("later").gpus(1).build()),
                List.of(gpu1, gpu2), running, NOW);

        // gpu1 can never hold 3 GPUs, so the hold is on gpu2; gpu1 still takes the later job
        assertThat(plan.waiting()).extracting(Waiting::jobId, Waiting::reason).containsExactly(tuple("starved",
                "gpu1: needs 3 GPUs, 1 free; gpu2: needs 3 GPUs, 2 free; capacity held for it on gpu2 (waited over 10m)"));
        assertThat(plan.admit()).extracting(Admission::jobId, Admission::node, Admission::gpuIds)
                .containsExactly(tuple("later", "gpu1", List.of("1")));
    }

    @Test
    void jobsRunningOnANodeThatIsGoneHoldNothing() {
        AdmissionPlan plan = policy.plan(List.of(aQueuedJob("a").gpus(2).build()), List.of(gpu1),
                List.of(new RunningJob("r", gpus(2), List.of("0", "1"), "lost-agent")), NOW);

        assertThat(plan.admit()).extracting(Admission::node, Admission::gpuIds)
                .containsExactly(tuple("gpu1", List.of("0", "1")));
    }

    @Test
    void admissionsGoOnWhileAnyNodeHasASlotFree() {
        List<RunningJob> running = List.of(new RunningJob("r1", Resources.NONE, List.of(), "local"),
                new RunningJob("r2", Resources.NONE, List.of(), "local"));
        QueueOrders queue = inOrders(List.of(aQueuedJob("a").build(), aQueuedJob("b").build()));

        AdmissionPlan plan = policy.admissions(queue, List.of(local, gpu1), running, NOW);

        assertThat(plan.admit()).extracting(Admission::jobId, Admission::node)
                .containsExactly(tuple("a", "gpu1"), tuple("b", "gpu1"));
    }

    @Test
    void aNodeMatchesWhenItHasEveryConstrainedLabelWithTheSameValue() {
        Node node = node("n", slotsAndGpus(1), "gpu_model", "a100", "zone", "b");

        assertThat(node.satisfies(Map.of())).isTrue();
        assertThat(node.satisfies(Map.of("gpu_model", "a100", "zone", "b"))).isTrue();
        assertThat(node.satisfies(Map.of("gpu_model", "A100"))).isFalse();
        assertThat(node.satisfies(Map.of("gpu_model", "a100", "rack", "1"))).isFalse();
    }
}
