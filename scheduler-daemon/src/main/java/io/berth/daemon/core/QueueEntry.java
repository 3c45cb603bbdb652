package io.berth.daemon.core;

/**
 * A queued job as {@code berth get queue} shows it.
 *
 * @param reason  "starting now", or why it waits ("needs 2 GPUs, 1 free", "held for job X")
 * @param heldFor the starved job whose held capacity keeps this one waiting, or null
 */
public record QueueEntry(Job job, String reason, String heldFor) {}
