package io.berth.daemon.cluster;

/**
 * An agent reported for a job that is no longer its own in that attempt: the head gave the job back to the queue
 * (the agent was lost) or someone else runs it now. The report is refused and changes nothing; the agent stops the
 * job's container.
 */
public final class FencedException extends RuntimeException {
    public FencedException(String message) {
        super(message);
    }
}
