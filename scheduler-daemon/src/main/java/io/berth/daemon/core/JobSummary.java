package io.berth.daemon.core;

import java.util.Map;

/** What job tables show of a job's results: the latest value of each metric, and its tags. */
public record JobSummary(Map<String, Object> latestMetrics, Map<String, String> tags) {
    public static final JobSummary NONE = new JobSummary(Map.of(), Map.of());
}
