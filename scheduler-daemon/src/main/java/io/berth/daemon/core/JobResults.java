package io.berth.daemon.core;

import io.berth.wire.ArtifactView;
import io.berth.wire.MetricPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a job reported: parameters it logged, each metric's history, tags and artifacts. */
public record JobResults(
        Map<String, Object> loggedParams,
        Map<String, List<MetricPoint>> metrics,
        Map<String, String> tags,
        List<ArtifactView> artifacts) {

    public static JobResults none() {
        return new JobResults(Map.of(), Map.of(), Map.of(), List.of());
    }

    /** What tables show of these results. */
    public JobSummary summary() {
        return new JobSummary(loggedParams, latestMetrics(), tags);
    }

    public Map<String, Object> latestMetrics() {
        Map<String, Object> latest = new LinkedHashMap<>();
        metrics.forEach((key, points) -> {
            if (!points.isEmpty()) {
                latest.put(key, points.get(points.size() - 1).value());
            }
        });
        return latest;
    }
}
