package io.berth.daemon.core.admission;

import java.time.Instant;
import java.util.Objects;

/**
 * A queued job, as the policy sees it. The policy is given them in queue order (oldest first).
 *
 * @param priority higher runs first; any int, negative ones included
 * @param queuedAt since when it has waited: what the starvation bound is measured from
 */
public record QueuedJob(String jobId, int priority, Instant queuedAt, Resources request) {

    public QueuedJob {
        Require.id(jobId, "jobId");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(request, "request");
    }
}
