package io.berth.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job as clients see it. {@code state} is one of queued, starting, running, completed, failed, stopped;
 * {@code params} are those it was submitted with, {@code loggedParams} those it logged itself
 * ({@code log_param}); {@code metrics} holds the latest value of each metric the job logged, {@code sweepId} the sweep it
 * belongs to, if any; {@code requests} what it asked of the scheduler, {@code gpuIds} the GPUs its current
 * attempt was given; {@code attempt} counts every container started for it, {@code attemptsLostToEngine} those of
 * them the Docker engine stopped under it (a restart, a crash), which do not count against its {@code max_attempts};
 * {@code node} the agent its current or last attempt ran on, null for the server's own engine (or never run).
 */
public record JobView(
        String id,
        String sweepId,
        String project,
        String state,
        List<String> command,
        Map<String, Object> params,
        Map<String, Object> loggedParams,
        String image,
        String bundleDigest,
        int attempt,
        int attemptsLostToEngine,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String reason,
        boolean stopRequested,
        Map<String, Object> metrics,
        Map<String, String> tags,
        JobRequests requests,
        List<String> gpuIds,
        String node) {

    public JobView {
        loggedParams = loggedParams == null ? Map.of() : loggedParams;
        metrics = metrics == null ? Map.of() : metrics;
        tags = tags == null ? Map.of() : tags;
        requests = requests == null ? JobRequests.none() : requests;
        gpuIds = gpuIds == null ? List.of() : gpuIds;
    }

    private static final Set<String> FINISHED = Set.of("completed", "failed", "stopped");

    public boolean finished() {
        return FINISHED.contains(state);
    }

    /** A job view made field by field; what is not set is null, empty, 0 or false. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Names each field where a view is made from parts: the server, and tests' canned jobs. */
    public static final class Builder {
        private final String id;
        private String sweepId;
        private String project;
        private String state;
        private List<String> command = List.of();
        private Map<String, Object> params = Map.of();
        private Map<String, Object> loggedParams;
        private String image;
        private String bundleDigest;
        private int attempt;
        private int attemptsLostToEngine;
        private Instant createdAt;
        private Instant startedAt;
        private Instant finishedAt;
        private Integer exitCode;
        private String reason;
        private boolean stopRequested;
        private Map<String, Object> metrics;
        private Map<String, String> tags;
        private JobRequests requests;
        private List<String> gpuIds;
        private String node;

        private Builder(String id) {
            this.id = id;
        }

        public Builder sweepId(String sweepId) {
            this.sweepId = sweepId;
            return this;
        }

        public Builder project(String project) {
            this.project = project;
            return this;
        }

        public Builder state(String state) {
            this.state = state;
            return this;
        }

        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        public Builder params(Map<String, Object> params) {
            this.params = params;
            return this;
        }

        public Builder loggedParams(Map<String, Object> loggedParams) {
            this.loggedParams = loggedParams;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder bundleDigest(String bundleDigest) {
            this.bundleDigest = bundleDigest;
            return this;
        }

        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        public Builder attemptsLostToEngine(int attemptsLostToEngine) {
            this.attemptsLostToEngine = attemptsLostToEngine;
            return this;
        }

        /** When it was queued, started and finished; null for what has not happened. */
        public Builder times(Instant createdAt, Instant startedAt, Instant finishedAt) {
            this.createdAt = createdAt;
            this.startedAt = startedAt;
            this.finishedAt = finishedAt;
            return this;
        }

        /** How it ended: its exit code and berth's reason, either null. */
        public Builder ending(Integer exitCode, String reason) {
            this.exitCode = exitCode;
            this.reason = reason;
            return this;
        }

        public Builder stopRequested(boolean stopRequested) {
            this.stopRequested = stopRequested;
            return this;
        }

        public Builder metrics(Map<String, Object> metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder requests(JobRequests requests) {
            this.requests = requests;
            return this;
        }

        public Builder gpuIds(List<String> gpuIds) {
            this.gpuIds = gpuIds;
            return this;
        }

        public Builder node(String node) {
            this.node = node;
            return this;
        }

        public JobView build() {
            return new JobView(id, sweepId, project, state, command, params, loggedParams, image, bundleDigest, attempt,
                    attemptsLostToEngine, createdAt, startedAt, finishedAt, exitCode, reason, stopRequested, metrics, tags, requests, gpuIds,
                    node);
        }
    }
}
