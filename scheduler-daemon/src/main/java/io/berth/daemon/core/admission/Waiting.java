package io.berth.daemon.core.admission;

/**
 * A job that stays queued, and why, in one line for people.
 *
 * @param heldFor the id of the starved job whose held capacity keeps this one waiting, else null
 */
public record Waiting(String jobId, String reason, String heldFor) {

    public Waiting {
        Require.id(jobId, "jobId");
        Require.id(reason, "reason");
    }
}
