package io.berth.daemon.core;

/**
 * A queued job as {@code berth get queue} shows it.
 *
 * @param place   its place in the order admission considers the whole queue (1 is next)
 * @param reason  "starting now", or why it waits ("needs 2 GPUs, 1 free", "held for job X")
 * @param heldFor the starved job whose held capacity keeps this one waiting, or null
 */
public record QueueEntry(int place, Job job, String reason, String heldFor) {

    /** A place in the queue before its job's record is read: all a page of the queue needs to be chosen. */
    public record Place(int place, String jobId, String reason, String heldFor) {}
}
