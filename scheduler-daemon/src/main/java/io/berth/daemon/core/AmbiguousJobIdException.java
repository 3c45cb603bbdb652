package io.berth.daemon.core;

import java.util.List;

/** A prefix that names more than one job. */
public class AmbiguousJobIdException extends RuntimeException {
    private final List<String> candidates;

    public AmbiguousJobIdException(String prefix, List<String> candidates) {
        super("'" + prefix + "' matches several jobs: " + String.join(", ", candidates) + "; give more of the id");
        this.candidates = List.copyOf(candidates);
    }

    public List<String> candidates() {
        return candidates;
    }
}
