package io.berth.daemon.core;

import io.berth.config.Durations;
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
 * @param reason     why it failed or stopped, for people
 * @param gpuIds     the GPU ids its current attempt was given (empty while queued and for jobs without GPUs)
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
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String reason,
        String containerId,
        List<String> gpuIds,
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
        return new Job(id, sweepId, project, command, params, spec, bundleDigest, JobState.QUEUED, 0, now,
                null, null, null, null, null, List.of(), queuePosition, 0, false, 1);
    }

    /** What it asks of the scheduler: resources, timeout, priority, attempts. */
    public JobRequests requests() {
        return spec.requests();
    }

    /** Admission took it from the queue, giving it no GPUs. */
    public Job claimed() {
        return claimed(List.of());
    }

    /** Admission took it from the queue with these GPU ids; its container is about to be made. */
    public Job claimed(List<String> allocatedGpuIds) {
        Job next = next(JobState.STARTING, attempt + 1, startedAt, null, null, null, null);
        return next.with(allocatedGpuIds, queuePosition);
    }

    /** The same queued job at another place in its priority's queue. */
    public Job movedTo(long position) {
        if (state != JobState.QUEUED) {
            throw new IllegalJobTransitionException(id, state, JobState.QUEUED);
        }
        return new Job(id, sweepId, project, command, params, spec, bundleDigest, state, attempt, createdAt,
                startedAt, finishedAt, exitCode, reason, containerId, gpuIds, position, logOffset, stopRequested,
                version + 1);
    }

    /** How many containers may be started for it in all: its own {@code max_attempts}, else the server's. */
    public int maxAttempts(int defaultMaxAttempts) {
        Integer max = requests().maxAttempts();
        return max != null ? max : defaultMaxAttempts;
    }

    /** Whether another container may be started for it after this attempt. */
    public boolean hasAttemptsLeft(int defaultMaxAttempts) {
        return attempt < maxAttempts(defaultMaxAttempts);
    }

    public Job started(String newContainerId, Instant now) {
        return started(newContainerId, 0, now);
    }

    /** Its container runs; its output goes to the attempt's log from byte {@code containerLogOffset} on. */
    public Job started(String newContainerId, long containerLogOffset, Instant now) {
        Job next = next(JobState.RUNNING, attempt, now, null, null, null, newContainerId);
        return new Job(id, sweepId, project, command, params, spec, bundleDigest, next.state, attempt, createdAt,
                next.startedAt, null, null, null, newContainerId, gpuIds, queuePosition, containerLogOffset,
                stopRequested, next.version);
    }

    /** Its container exited; what that means depends on the code and on whether a user asked it to stop. */
    public Job exited(int code, boolean oomKilled, Instant now) {
        if (stopRequested) {
            return next(JobState.STOPPED, attempt, startedAt, now, code, "stopped by user", containerId);
        }
        if (code == 0 && !oomKilled) {
            return next(JobState.COMPLETED, attempt, startedAt, now, 0, null, containerId);
        }
        String why = oomKilled ? "out of memory (killed at its memory limit)" : describeExit(code);
        return next(JobState.FAILED, attempt, startedAt, now, code, why, containerId);
    }

    /** It ran past its timeout and was stopped. */
    public Job timedOut(Integer code, java.time.Duration limit, Instant now) {
        return next(JobState.FAILED, attempt, startedAt, now, code,
                "timeout: ran longer than its limit of " + Durations.format(limit), containerId);
    }

    /** No container could be started for it, for a reason that is the job's own (image missing, bad command). */
    public Job failedToStart(String why, Instant now) {
        return next(JobState.FAILED, attempt, startedAt, now, null, why, containerId);
    }

    /** A user stopped it before its container ran, or removed it from the queue. */
    public Job stopped(String why, Instant now) {
        return next(JobState.STOPPED, attempt, startedAt, now, exitCode, why, containerId);
    }

    /**
     * Its attempt was lost to an infrastructure fault, or failed and asked to be retried; it goes back to
     * its place in the queue, keeping the attempt count, and gives up its GPUs.
     */
    public Job requeued(String why) {
        return next(JobState.QUEUED, attempt, null, null, null, why, null).with(List.of(), queuePosition);
    }

    /** Exit codes a shell or signal gives meaning to, said in words. */
    private static String describeExit(int code) {
        return switch (code) {
            case 126 -> "exit code 126 (command not executable)";
            case 127 -> "exit code 127 (command not found)";
            case 137 -> "exit code 137 (killed by SIGKILL)";
            case 143 -> "exit code 143 (terminated by SIGTERM)";
            default -> "exit code " + code;
        };
    }

    public Job withStopRequested() {
        return new Job(id, sweepId, project, command, params, spec, bundleDigest, state, attempt, createdAt,
                startedAt, finishedAt, exitCode, reason, containerId, gpuIds, queuePosition, logOffset, true, version + 1);
    }

    private Job next(JobState to, int nextAttempt, Instant started, Instant finished, Integer code,
                     String why, String container) {
        JobStateTransitions.check(id, state, to);
        return new Job(id, sweepId, project, command, params, spec, bundleDigest, to, nextAttempt, createdAt,
                started, finished, code, why, container, gpuIds, queuePosition, logOffset, stopRequested, version + 1);
    }

    /** This version with other GPU ids or queue position; not a change of its own (same version). */
    private Job with(List<String> newGpuIds, long newPosition) {
        return new Job(id, sweepId, project, command, params, spec, bundleDigest, state, attempt, createdAt,
                startedAt, finishedAt, exitCode, reason, containerId, newGpuIds, newPosition, logOffset, stopRequested,
                version);
    }
}
