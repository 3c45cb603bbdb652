package io.berth.wire;

import java.util.List;
import java.util.Map;

/**
 * POST /api/v1/jobs: queue one job whose bundle the server already has.
 *
 * @param idempotencyKey chosen by the client, the same for every retry of one submission: the server
 *                       queues the job once and answers each retry with it ({@link Idempotency})
 */
public record SubmitJobRequest(
        String bundleDigest,
        String project,
        List<String> command,
        Map<String, Object> params,
        JobSpec spec,
        String idempotencyKey) {

    public SubmitJobRequest {
        command = command == null ? List.of() : List.copyOf(command);
        params = params == null ? Map.of() : params;
        spec = spec == null ? JobSpec.defaults() : spec;
        Idempotency.check(idempotencyKey);
    }

    /** A submission without an idempotency key: a retry may queue the job twice. */
    public SubmitJobRequest(String bundleDigest, String project, List<String> command, Map<String, Object> params,
                            JobSpec spec) {
        this(bundleDigest, project, command, params, spec, null);
    }

    public SubmitJobRequest withIdempotencyKey(String key) {
        return new SubmitJobRequest(bundleDigest, project, command, params, spec, key);
    }
}
