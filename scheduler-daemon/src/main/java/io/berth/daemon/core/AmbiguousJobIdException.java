package io.berth.daemon.core;

import java.util.List;

/** A prefix that names more than one job (or sweep); the candidates are the first few, the message says how many. */
public class AmbiguousJobIdException extends RuntimeException {
    private final List<String> candidates;

    /** @param total how many ids start with the prefix, at least {@code candidates.size()} */
    public AmbiguousJobIdException(String prefix, String what, List<String> candidates, long total) {
        super("'" + prefix + "' matches " + total + " " + what + "s: " + String.join(", ", candidates)
                + (total > candidates.size() ? " and " + (total - candidates.size()) + " more" : "")
                + "; give more of the id");
        this.candidates = List.copyOf(candidates);
    }

    public List<String> candidates() {
        return candidates;
    }
}
