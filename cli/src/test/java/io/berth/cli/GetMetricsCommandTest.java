package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GetMetricsCommandTest {

    private static JobView job(String id, Map<String, Object> params, Map<String, Object> metrics) {
        return JobView.builder(id).project("demo").state("completed").params(params).metrics(metrics).build();
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
    void aSortKeyNoJobHasIsSaidNamingTheKeysThereAre() {
        List<JobView> jobs = List.of(job("a", Map.of("lr", 0.1), Map.of("loss", 0.5)));

        assertThat(GetMetricsCommand.missingEverywhere(jobs, "los")).contains(
                "no job listed has a metric or parameter 'los' to sort by (metrics: loss; parameters: lr)");
        assertThat(GetMetricsCommand.missingEverywhere(jobs, "lr")).isEmpty();
        assertThat(GetMetricsCommand.missingEverywhere(List.of(), "anything")).isEmpty();
    }

    @Test
    void aSortKeyMayBeWrittenAsTheTablesHeader() {
        assertThat(GetMetricsCommand.sortKey("m:loss")).isEqualTo("loss");
        assertThat(GetMetricsCommand.sortKey("lr")).isEqualTo("lr");
    }
}
