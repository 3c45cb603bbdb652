package io.berth.daemon.core;

import java.util.Map;

/** What job tables show of a job's results: the params it logged, the latest value of each metric, its tags. */
public record JobSummary(Map<String, Object> loggedParams, Map<String, Object> latestMetrics, Map<String, String> tags) {
    public static final JobSummary NONE = new JobSummary(Map.of(), Map.of(), Map.of());

    /** Whether the job reported nothing a table shows. */
    public boolean isEmpty() {
        return loggedParams.isEmpty() && latestMetrics.isEmpty() && tags.isEmpty();
    }
}
