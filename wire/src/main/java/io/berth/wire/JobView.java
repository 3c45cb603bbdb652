package io.berth.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A job as clients see it. {@code state} is one of queued, starting, running, completed, failed, stopped. */
public record JobView(
        String id,
        String project,
        String state,
        List<String> command,
        Map<String, Object> params,
        String image,
        String bundleDigest,
        int attempt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String reason,
        boolean stopRequested) {

    private static final Set<String> FINISHED = Set.of("completed", "failed", "stopped");

    public boolean finished() {
        return FINISHED.contains(state);
    }
}
