package io.berth.wire;

import java.util.List;
import java.util.Map;

/**
 * POST /api/v1/sweeps: queue one job per parameter set, all from one bundle, in one atomic step.
 * Each set is merged over {@code params} (the set wins). {@code idempotencyKey}: as in {@link SubmitJobRequest}.
 */
public record SubmitSweepRequest(
        String bundleDigest,
        String project,
        List<String> command,
        Map<String, Object> params,
        JobSpec spec,
        List<Map<String, Object>> paramSets,
        String idempotencyKey) {

    public SubmitSweepRequest {
        command = command == null ? List.of() : List.copyOf(command);
        params = params == null ? Map.of() : params;
        spec = spec == null ? JobSpec.defaults() : spec;
        paramSets = paramSets == null ? List.of() : List.copyOf(paramSets);
        Idempotency.check(idempotencyKey);
    }

    /** A sweep without an idempotency key: a retry may queue it twice. */
    public SubmitSweepRequest(String bundleDigest, String project, List<String> command, Map<String, Object> params,
                              JobSpec spec, List<Map<String, Object>> paramSets) {
        this(bundleDigest, project, command, params, spec, paramSets, null);
    }
}
