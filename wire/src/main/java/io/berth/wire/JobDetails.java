package io.berth.wire;

import java.util.List;
import java.util.Map;

/**
 * GET /jobs/{ref}/details: a job with everything it reported. {@code loggedParams} are those the job
 * logged itself (its submitted parameters are in {@code job.params}); {@code metrics} is each metric's
 * history in the order it was logged.
 */
public record JobDetails(
        JobView job,
        Map<String, Object> loggedParams,
        Map<String, List<MetricPoint>> metrics,
        Map<String, String> tags,
        List<ArtifactView> artifacts) {}
