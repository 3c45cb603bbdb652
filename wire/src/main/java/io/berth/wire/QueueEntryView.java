package io.berth.wire;

/**
 * One line of {@code berth get queue}: a queued job, its place in the order admission considers jobs
 * (1 is next), and what happens to it now.
 *
 * @param reason  "starting now", or why it waits: "slots full (4 of 4 in use)", "needs 2 GPUs, 1 free"...
 * @param heldFor the job whose held capacity keeps this one waiting, or null
 */
public record QueueEntryView(int place, JobView job, String reason, String heldFor) {}
