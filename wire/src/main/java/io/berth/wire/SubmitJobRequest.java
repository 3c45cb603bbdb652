package io.berth.wire;

import java.util.List;
import java.util.Map;

/** POST /api/v1/jobs: queue one job whose bundle the server already has. */
public record SubmitJobRequest(
        String bundleDigest,
        String project,
        List<String> command,
        Map<String, Object> params,
        JobSpec spec) {

    public SubmitJobRequest {
        command = command == null ? List.of() : List.copyOf(command);
        params = params == null ? Map.of() : params;
        spec = spec == null ? JobSpec.defaults() : spec;
    }
}
