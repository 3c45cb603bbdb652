package io.berth.daemon.core.admission;

import static io.berth.daemon.core.admission.AdmissionFixtures.BOUND;
import static io.berth.daemon.core.admission.AdmissionFixtures.NOW;
import static io.berth.daemon.core.admission.AdmissionFixtures.aQueuedJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.aRunningJob;
import static io.berth.daemon.core.admission.AdmissionFixtures.gpus;
import static io.berth.daemon.core.admission.AdmissionFixtures.slotsAndGpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which GPU ids an admitted job is given. */
class AdmissionPolicyGpuTest {
    private final AdmissionPolicy policy = new AdmissionPolicy(BOUND);

    @Test
    void jobsGetTheFirstFreeIdsInTheCapacitysOrderAndNeverTheSameOne() {
        AdmissionPlan plan = policy.plan(List.of(
                        aQueuedJob("a").gpus(2).build(),
                        aQueuedJob("none").build(),
                        aQueuedJob("b").gpus(1).build(),
                        aQueuedJob("c").gpus(1).build()),
                slotsAndGpus(8, "3", "1", "0", "2", "7"), List.of(aRunningJob("r", gpus(1), "1")), NOW);

        assertThat(plan.admit()).extracting(Admission::jobId, Admission::gpuIds).containsExactly(
                tuple("a", List.of("3", "0")),
                tuple("none", List.of()),
                tuple("b", List.of("2")),
                tuple("c", List.of("7")));
    }

    @Test
    void idsFreedByAnEndedJobAreHandedOutAgain() {
        SimulatedServer server = new SimulatedServer(policy, slotsAndGpus(8, "g0", "g1", "g2"));
        server.submit(aQueuedJob("a").gpus(1).build());
        server.submit(aQueuedJob("b").gpus(1).build());
        server.submit(aQueuedJob("c").gpus(1).build());
        server.step(NOW);
        server.end("b");
        server.submit(aQueuedJob("d").gpus(1).build());

        assertThat(server.step(NOW).admit()).extracting(Admission::jobId, Admission::gpuIds)
                .containsExactly(tuple("d", List.of("g1")));
    }

    @Test
    void idsOfRunningJobsThatTheCapacityNoLongerListsAreIgnored() {
        AdmissionPlan plan = policy.plan(List.of(aQueuedJob("a").gpus(2).build()),
                slotsAndGpus(8, "g0", "g1"), List.of(aRunningJob("r", gpus(1), "gone")), NOW);

        assertThat(plan.admit()).extracting(Admission::gpuIds).containsExactly(List.of("g0", "g1"));
    }
}
