package io.berth.daemon.core.admission;

/** A job that can never run on this server, and why. */
public record Rejection(String jobId, String reason) {

    public Rejection {
        Require.id(jobId, "jobId");
        Require.id(reason, "reason");
    }
}
