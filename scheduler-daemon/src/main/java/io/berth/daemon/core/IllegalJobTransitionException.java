package io.berth.daemon.core;

/** A programming error: some code tried a state change the transition table forbids. */
public class IllegalJobTransitionException extends IllegalStateException {
    public IllegalJobTransitionException(String jobId, JobState from, JobState to) {
        super("job " + jobId + " cannot go from " + from.wireName() + " to " + to.wireName());
    }
}
