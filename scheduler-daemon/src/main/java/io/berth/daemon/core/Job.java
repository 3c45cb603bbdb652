package io.berth.daemon.core;

import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One job and where it is in its life. Immutable: each change returns the next version, checked
 * against {@link JobStateTransitions}, and the store writes it only if nobody changed the job first
 * ({@link JobStore#replace}).
 *
 * @param sweepId    the sweep that made it, or null
 * @param spec       the container request with the server's defaults already applied
 * @param attempt    how many times a container was started for it (0 while first queued)
 * @param attemptsLostToEngine how many of those the engine stopped under it (a restart, a crash): they do not
 *                   count against {@code max_attempts}
 * @param reason     why it failed or stopped, for people
 * @param gpuIds     the GPU ids its current attempt was given (empty while queued and for jobs without GPUs)
 * @param node       the agent its current or last attempt ran on; null for the head's own engine (and while queued)
 * @param queuePosition where it waits among jobs of its priority: lower first ({@link JobStore#reservePositions})
 * @param logOffset  bytes of the attempt's log written before its container's output (Berth's own lines), so
 *                   a restarted server knows how much of the container's output the log already has
 * @param version    bumped by every change; the store's compare-and-set key
 */
public record Job(
        String id,
        String sweepId,
        String project,
        List<String> command,
        Map<String, Object> params,
        JobSpec spec,
        String bundleDigest,
        JobState state,
        int attempt,
        int attemptsLostToEngine,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String reason,
        String containerId,
        List<String> gpuIds,
        String node,
        long queuePosition,
        long logOffset,
        boolean stopRequested,
        long version) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        command = List.copyOf(command);
        params = params == null ? Map.of() : params;
        gpuIds = gpuIds == null ? List.of() : List.copyOf(gpuIds);
    }

    public static Job queued(String id, String sweepId, String project, List<String> command,
                             Map<String, Object> params, JobSpec spec, String bundleDigest, long queuePosition,
                             Instant now) {
        Builder queued = new Builder();
        queued.id = id;
        queued.sweepId = sweepId;
        queued.project = project;
        queued.command = command;
        queued.params = params;
        queued.spec = spec;
        queued.bundleDigest = bundleDigest;
        queued.state = JobState.QUEUED;
        queued.createdAt = now;
        queued.queuePosition = queuePosition;
        queued.version = 1;
        return queued.build();
    }

    /** A builder holding this version's fields, to make another version from; the version is not bumped. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** What it asks of the scheduler: resources, timeout, priority, attempts. */
    public JobRequests requests() {
        return spec.requests();
    }

    /** Admission took it from the queue, giving it no GPUs. */
    public Job claimed() {
        return claimed(List.of());
    }

    /** Admission took it from the queue with these GPU ids; its container is about to be made by the head. */
    public Job claimed(List<String> allocatedGpuIds) {
        return claimed(allocatedGpuIds, null);
    }

    /**
     * Admission took it from the queue for {@code agent} (null: the head's own engine) with these of its GPU ids;
     * its container is about to be made there.
     */
    public Job claimed(List<String> allocatedGpuIds, String agent) {
        return next(JobState.STARTING).attempt(attempt + 1).finishedAt(null).exitCode(null).reason(null)
                .containerId(null).gpuIds(allocatedGpuIds).node(agent).build();
    }

    /** The same queued job at another place in its priority's queue. */
    public Job movedTo(long position) {
        if (state != JobState.QUEUED) {
            throw new IllegalJobTransitionException(id, state, JobState.QUEUED);
        }
        return toBuilder().queuePosition(position).version(version + 1).build();
    }

    /** How many containers may be started for it in all: its own {@code max_attempts}, else the server's. */
    public int maxAttempts(int defaultMaxAttempts) {
        Integer max = requests().maxAttempts();
        return max != null ? max : defaultMaxAttempts;
    }

    /** Whether another container may be started for it after this attempt: those the engine lost do not count. */
    public boolean hasAttemptsLeft(int defaultMaxAttempts) {
        return attempt - attemptsLostToEngine < maxAttempts(defaultMaxAttempts);
    }

    public Job started(String newContainerId, Instant now) {
        return started(newContainerId, 0, now);
    }

    /** Its container runs; its output goes to the attempt's log from byte {@code containerLogOffset} on. */
    public Job started(String newContainerId, long containerLogOffset, Instant now) {
        return next(JobState.RUNNING).startedAt(now).finishedAt(null).exitCode(null).reason(null)
                .containerId(newContainerId).logOffset(containerLogOffset).build();
    }

    /** Its container exited 0. How an attempt ends is decided by {@link AttemptOutcome}, not here. */
    public Job completed(Instant at) {
        return ended(JobState.COMPLETED, at, 0, null);
    }

    /** It failed: its container exited non-zero or ran out of time or memory, or no container could run it. */
    public Job failed(Integer code, String why, Instant at) {
        return ended(JobState.FAILED, at, code, why);
    }

    /** A user stopped it, or removed it from the queue. */
    public Job stopped(String why, Instant now) {
        return stopped(exitCode, why, now);
    }

    /** A user stopped it; its container, if it ran, exited with {@code code}. */
    public Job stopped(Integer code, String why, Instant at) {
        return ended(JobState.STOPPED, at, code, why);
    }

    /**
     * Its attempt was lost to an infrastructure fault, or failed and asked to be retried; it goes back to
     * its place in the queue, keeping the attempt count, and gives up its GPUs.
     */
    public Job requeued(String why) {
        return next(JobState.QUEUED).startedAt(null).finishedAt(null).exitCode(null).reason(why).containerId(null)
                .gpuIds(List.of()).node(null).build();
    }

    /** Its attempt was stopped by the engine (a restart, a crash); it goes back as {@link #requeued} does. */
    public Job lostToEngine(String why) {
        return requeued(why).toBuilder().attemptsLostToEngine(attemptsLostToEngine + 1).build();
    }

    /**
     * Its start failed for the engine's own reason before anything of it ran; it goes back to its place in the
     * queue as if that attempt never began (the count goes back), and gives up its GPUs.
     */
    public Job returned(String why) {
        return requeued(why).toBuilder().attempt(attempt - 1).build();
    }

    public Job withStopRequested() {
        return toBuilder().stopRequested(true).version(version + 1).build();
    }

    /** The next version, in state {@code to} if that move is allowed; the caller sets what else changes. */
    private Builder next(JobState to) {
        JobStateTransitions.check(id, state, to);
        return toBuilder().state(to).version(version + 1);
    }

    /** The next version, finished in state {@code to}. */
    private Job ended(JobState to, Instant now, Integer code, String why) {
        return next(to).finishedAt(now).exitCode(code).reason(why).build();
    }

    /**
     * The fields of a job, set one by one: how versions are made, here and in tests, instead of the
     * canonical constructor's 22 arguments. {@link #build()} validates as the constructor does.
     */
    public static final class Builder {
        private String id;
        private String sweepId;
        private String project;
        private List<String> command;
        private Map<String, Object> params;
        private JobSpec spec;
        private String bundleDigest;
        private JobState state;
        private int attempt;
        private int attemptsLostToEngine;
        private Instant createdAt;
        private Instant startedAt;
        private Instant finishedAt;
        private Integer exitCode;
        private String reason;
        private String containerId;
        private List<String> gpuIds;
        private String node;
        private long queuePosition;
        private long logOffset;
        private boolean stopRequested;
        private long version;

        private Builder() {}

        private Builder(Job job) {
            id = job.id;
            sweepId = job.sweepId;
            project = job.project;
            command = job.command;
            params = job.params;
            spec = job.spec;
            bundleDigest = job.bundleDigest;
            state = job.state;
            attempt = job.attempt;
            attemptsLostToEngine = job.attemptsLostToEngine;
            createdAt = job.createdAt;
            startedAt = job.startedAt;
            finishedAt = job.finishedAt;
            exitCode = job.exitCode;
            reason = job.reason;
            containerId = job.containerId;
            gpuIds = job.gpuIds;
            node = job.node;
            queuePosition = job.queuePosition;
            logOffset = job.logOffset;
            stopRequested = job.stopRequested;
            version = job.version;
        }

        public Builder sweepId(String value) { sweepId = value; return this; }
        public Builder spec(JobSpec value) { spec = value; return this; }
        public Builder bundleDigest(String value) { bundleDigest = value; return this; }
        public Builder state(JobState value) { state = value; return this; }
        public Builder attempt(int value) { attempt = value; return this; }
        public Builder attemptsLostToEngine(int value) { attemptsLostToEngine = value; return this; }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder finishedAt(Instant value) { finishedAt = value; return this; }
        public Builder exitCode(Integer value) { exitCode = value; return this; }
        public Builder reason(String value) { reason = value; return this; }
        public Builder containerId(String value) { containerId = value; return this; }
        public Builder gpuIds(List<String> value) { gpuIds = value; return this; }
        public Builder node(String value) { node = value; return this; }
        public Builder queuePosition(long value) { queuePosition = value; return this; }
        public Builder logOffset(long value) { logOffset = value; return this; }
        public Builder stopRequested(boolean value) { stopRequested = value; return this; }
        public Builder version(long value) { version = value; return this; }

        public Job build() {
            return new Job(id, sweepId, project, command, params, spec, bundleDigest, state, attempt,
                    attemptsLostToEngine, createdAt,
                    startedAt, finishedAt, exitCode, reason, containerId, gpuIds, node, queuePosition, logOffset,
                    stopRequested, version);
        }
    }
}
