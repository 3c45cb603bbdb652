package io.berth.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.TestJobs;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the head hands agents their jobs: offered until the agent says it runs them, so no answer lost loses one. */
class AgentWorkTest {
    private final AgentWork work = new AgentWork(null);
    private final Job job = TestJobs.aQueuedJob().claimed(List.of(), "gpu1");

    @Test
    void aJobIsOfferedAtEveryPollUntilTheAgentListsItAmongThoseItRuns() throws Exception {
        work.assign(job);

        assertThat(work.take("gpu1", Set.of(), Duration.ZERO).run()).containsExactly(job.id());
        assertThat(work.take("gpu1", Set.of(), Duration.ZERO).run()).as("the answer may have been lost")
                .containsExactly(job.id());
        assertThat(work.take("gpu1", Set.of(job.id()), Duration.ZERO).run()).isEmpty();
        assertThat(work.take("gpu2", Set.of(), Duration.ZERO).isEmpty()).as("another agent's poll").isTrue();
    }

    @Test
    void aWaitingPollIsAnsweredAsSoonAsAJobIsAssigned() throws Exception {
        CompletableFuture<AgentWork.Batch> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return work.take("gpu1", Set.of(), Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);

        work.assign(job);

        assertThat(poll.get(5, TimeUnit.SECONDS).run()).containsExactly(job.id());
    }

    @Test
    void aWithdrawnJobAndAHandedOverStopAreNotOfferedAgain() throws Exception {
        work.assign(job);
        work.withdraw("gpu1", job.id());
        work.stop(job);

        AgentWork.Batch first = work.take("gpu1", Set.of(), Duration.ZERO);
        assertThat(first.run()).isEmpty();
        assertThat(first.stop()).containsExactly(job.id());
        assertThat(work.take("gpu1", Set.of(), Duration.ZERO).isEmpty()).isTrue();
    }
}
