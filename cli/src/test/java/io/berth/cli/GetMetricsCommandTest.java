package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.JobView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GetMetricsCommandTest {

    private static JobView job(String id, Map<String, Object> params, Map<String, Object> metrics) {
        return new JobView(id, null, "demo", "completed", List.of("main.py"), params, "berth-worker:latest", null, 1,
                null, null, null, 0, null, false, metrics, null, null, null);
    }

    @Test
    void sortsByAMetricThenAParameterWithJobsWithoutTheKeyLast() {
        List<JobView> jobs = new ArrayList<>(List.of(
                job("a", Map.of("lr", 0.1), Map.of("loss", 0.5)),
                job("b", Map.of("lr", 0.3), Map.of()),
                job("c", Map.of("lr", 0.2), Map.of("loss", 0.2))));

        jobs.sort(GetMetricsCommand.byKey("loss", false));
        assertThat(jobs).extracting(JobView::id).containsExactly("c", "a", "b");
        jobs.sort(GetMetricsCommand.byKey("lr", true));
        assertThat(jobs).extracting(JobView::id).containsExactly("b", "c", "a");
    }

    @Test
    void aSortKeyNoJobHasIsAnErrorNamingTheKeysThereAre() {
        List<JobView> jobs = List.of(job("a", Map.of("lr", 0.1), Map.of("loss", 0.5)));

        assertThatThrownBy(() -> GetMetricsCommand.requireSomeJobHas(jobs, "los"))
                .isInstanceOf(UserError.class)
                .hasMessage("--sort los: no job listed has a metric or parameter 'los' (metrics: loss; parameters: lr)")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCodes.INVALID_INPUT));
        GetMetricsCommand.requireSomeJobHas(jobs, "lr");
        GetMetricsCommand.requireSomeJobHas(List.of(), "anything");
    }
}
