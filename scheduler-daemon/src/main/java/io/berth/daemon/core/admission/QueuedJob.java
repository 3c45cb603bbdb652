package io.berth.daemon.core.admission;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A queued job, as the policy sees it. The policy is given them in queue order (oldest first).
 *
 * @param priority higher runs first; any int, negative ones included
 * @param queuedAt    since when it has waited: what the starvation bound is measured from
 * @param constraints labels a node must have, with these values, for the job to run there; empty: any node
 */
public record QueuedJob(String jobId, int priority, Instant queuedAt, Resources request,
                        Map<String, String> constraints) {

    public QueuedJob {
        Require.id(jobId, "jobId");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(request, "request");
        constraints = constraints.isEmpty() ? Map.of() : Map.copyOf(constraints);
    }

    /** A job that may run on any node. */
    public QueuedJob(String jobId, int priority, Instant queuedAt, Resources request) {
        this(jobId, priority, queuedAt, request, Map.of());
    }
}
