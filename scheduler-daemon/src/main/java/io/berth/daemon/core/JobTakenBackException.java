package io.berth.daemon.core;

/**
 * The store no longer counts the job as this runner's in the attempt it runs: an agent's job that the head gave back
 * to the queue, or to another agent, while the agent could not reach it. The run ends without recording anything;
 * its container is removed.
 */
public class JobTakenBackException extends RuntimeException {
    public JobTakenBackException(String message) {
        super(message);
    }
}
