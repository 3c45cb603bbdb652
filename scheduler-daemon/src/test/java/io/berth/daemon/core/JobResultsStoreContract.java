package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.ArtifactView;
import io.berth.wire.MetricPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link JobResultsStore} must do. Each implementation's test extends this. */
public abstract class JobResultsStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

    protected abstract JobResultsStore store();

    static JobEvent metric(String key, Object value, long step) {
        return new JobEvent(JobEvent.Kind.METRIC, key, value, step, T0.plusSeconds(step), null, null);
    }

    @Test
    void metricsKeepTheirHistoryInOrderAndTheLatestValueWins() {
        JobResultsStore store = store();
        assertThat(store.append("job1", 0, 100, List.of(metric("loss", 0.9, 0), metric("acc", 0.5, 0)))).isTrue();
        assertThat(store.append("job1", 100, 180, List.of(metric("loss", 0.4, 1), metric("loss", "done", 2)))).isTrue();

        JobResults results = store.results("job1");
        assertThat(results.metrics().get("loss")).extracting(MetricPoint::value).containsExactly(0.9, 0.4, "done");
        assertThat(results.metrics().get("loss")).extracting(MetricPoint::step).containsExactly(0L, 1L, 2L);
        assertThat(results.metrics().get("loss").get(0).time()).isEqualTo(T0);
        assertThat(results.latestMetrics()).containsEntry("loss", "done").containsEntry("acc", 0.5);
        assertThat(store.offset("job1")).isEqualTo(180);
    }

    @Test
    void aBatchFromAStaleOffsetIsRefusedAndChangesNothing() {
        JobResultsStore store = store();
        store.append("job1", 0, 50, List.of(metric("loss", 1, 0)));
        assertThat(store.append("job1", 0, 50, List.of(metric("loss", 1, 0)))).isFalse();
        assertThat(store.results("job1").metrics().get("loss")).hasSize(1);
        assertThat(store.offset("job1")).isEqualTo(50);
    }

    @Test
    void paramsTagsAndArtifactsKeepTheLatestPerKey() {
        JobResultsStore store = store();
        store.append("job1", 0, 10, List.of(
                new JobEvent(JobEvent.Kind.PARAM, "layers", List.of(64, 32), null, T0, null, null),
                new JobEvent(JobEvent.Kind.TAG, "model", "resnet", null, T0, null, null),
                new JobEvent(JobEvent.Kind.TAG, "model", "vgg", null, T0, null, null),
                new JobEvent(JobEvent.Kind.ARTIFACT, "plot", null, null, T0, "artifacts/plot/plot.png", 1234L)));
        JobResults results = store.results("job1");
        assertThat(results.loggedParams()).isEqualTo(Map.of("layers", List.of(64, 32)));
        assertThat(results.tags()).isEqualTo(Map.of("model", "vgg"));
        assertThat(results.artifacts()).containsExactly(new ArtifactView("plot", "artifacts/plot/plot.png", 1234, T0));
    }

    @Test
    void summariesGiveLoggedParamsLatestMetricsAndTagsOfEachJob() {
        JobResultsStore store = store();
        store.append("a", 0, 10, List.of(metric("loss", 0.5, 0), metric("loss", 0.25, 1)));
        store.append("b", 0, 10, List.of(new JobEvent(JobEvent.Kind.TAG, "best", "", null, T0, null, null)));
        store.append("d", 0, 10, List.of(new JobEvent(JobEvent.Kind.PARAM, "lr", 0.7640641001472513, null, T0, null, null),
                new JobEvent(JobEvent.Kind.PARAM, "layers", List.of(64, 32), null, T0, null, null),
                new JobEvent(JobEvent.Kind.PARAM, "lr", 0.5, null, T0, null, null)));
        Map<String, JobSummary> summaries = store.summaries(List.of("a", "b", "c", "d"));
        assertThat(summaries.get("a").latestMetrics()).isEqualTo(Map.of("loss", 0.25));
        assertThat(summaries.get("a").loggedParams()).isEmpty();
        assertThat(summaries.get("b").tags()).isEqualTo(Map.of("best", ""));
        assertThat(summaries.get("c")).isEqualTo(JobSummary.NONE);
        assertThat(summaries.get("d").loggedParams()).isEqualTo(Map.of("lr", 0.5, "layers", List.of(64, 32)));
    }

    @Test
    void latestValuesGiveOneKeyOfEachJobThatHasItAndLeaveTheOthersOut() {
        JobResultsStore store = store();
        store.append("a", 0, 10, List.of(metric("loss", 0.5, 0), metric("loss", 0.25, 1), metric("acc", 0.9, 1)));
        store.append("b", 0, 10, List.of(metric("loss", "diverged", 0),
                new JobEvent(JobEvent.Kind.PARAM, "lr", 0.1, null, T0, null, null),
                new JobEvent(JobEvent.Kind.TAG, "stage", "final", null, T0, null, null)));
        store.append("c", 0, 10, List.of(new JobEvent(JobEvent.Kind.PARAM, "layers", List.of(64, 32), null, T0, null,
                null)));

        assertThat(store.latestValues(List.of("a", "b", "c", "none"), JobEvent.Kind.METRIC, "loss"))
                .isEqualTo(Map.of("a", 0.25, "b", "diverged"));
        assertThat(store.latestValues(List.of("a", "b", "c"), JobEvent.Kind.PARAM, "lr")).isEqualTo(Map.of("b", 0.1));
        assertThat(store.latestValues(List.of("c"), JobEvent.Kind.PARAM, "layers")).isEqualTo(Map.of("c", List.of(64, 32)));
        assertThat(store.latestValues(List.of("a", "b"), JobEvent.Kind.TAG, "stage")).isEqualTo(Map.of("b", "final"));
        assertThat(store.latestValues(List.of(), JobEvent.Kind.METRIC, "loss")).isEmpty();
        store.append("c", 10, 20, List.of(new JobEvent(JobEvent.Kind.ARTIFACT, "plot", null, null, T0,
                "artifacts/plot/plot.png", 10L)));
        assertThat(store.latestValues(List.of("a", "c"), JobEvent.Kind.ARTIFACT, "plot"))
                .isEqualTo(Map.of("c", new ArtifactView("plot", "artifacts/plot/plot.png", 10, T0)));
    }

    @Test
    void deleteForgetsEverythingOfTheJob() {
        JobResultsStore store = store();
        store.append("job1", 0, 10, List.of(metric("loss", 1, 0)));
        store.delete("job1");
        assertThat(store.offset("job1")).isZero();
        assertThat(store.results("job1")).isEqualTo(JobResults.none());
    }
}
