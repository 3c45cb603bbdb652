package io.berth.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job as clients see it. {@code state} is one of queued, starting, running, completed, failed, stopped;
 * {@code metrics} holds the latest value of each metric the job logged, {@code sweepId} the sweep it
 * belongs to, if any; {@code requests} what it asked of the scheduler, {@code gpuIds} the GPUs its current
 * attempt was given.
 */
public record JobView(
        String id,
        String sweepId,
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
        boolean stopRequested,
        Map<String, Object> metrics,
        Map<String, String> tags,
        JobRequests requests,
        List<String> gpuIds) {

    public JobView {
        metrics = metrics == null ? Map.of() : metrics;
        tags = tags == null ? Map.of() : tags;
        requests = requests == null ? JobRequests.none() : requests;
        gpuIds = gpuIds == null ? List.of() : gpuIds;
    }

    private static final Set<String> FINISHED = Set.of("completed", "failed", "stopped");

    public boolean finished() {
        return FINISHED.contains(state);
    }
}
