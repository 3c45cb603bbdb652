package io.berth.wire;

/**
 * POST /api/v1/jobs/{ref}/move: put a queued job at the front of its priority's queue, or just before
 * another queued job of the same priority. Exactly one of the two.
 */
public record MoveJobRequest(Boolean toFront, String before) {
    public MoveJobRequest {
        boolean front = Boolean.TRUE.equals(toFront);
        if (front == (before != null)) {
            throw new IllegalArgumentException("give either toFront: true or before: <job id>");
        }
    }

    public static MoveJobRequest toTheFront() {
        return new MoveJobRequest(true, null);
    }

    public static MoveJobRequest beforeJob(String jobId) {
        return new MoveJobRequest(null, jobId);
    }

    public boolean front() {
        return Boolean.TRUE.equals(toFront);
    }
}
