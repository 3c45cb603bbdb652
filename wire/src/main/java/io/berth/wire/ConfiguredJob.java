package io.berth.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as its project's {@code job.config.yaml} describes it, before a submission's own command, parameters
 * and overrides: the answer to POST /api/v1/job-config.
 *
 * @param command {@code worker.command} (or {@code args}); empty when the file gives none
 * @param spec    without {@code runAs}, which is the submitter's
 */
public record ConfiguredJob(String project, List<String> command, Map<String, Object> params, JobSpec spec) {
    public ConfiguredJob {
        command = command == null ? List.of() : List.copyOf(command);
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        spec = spec == null ? JobSpec.defaults() : spec;
    }
}
