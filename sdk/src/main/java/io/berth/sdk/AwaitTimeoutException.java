package io.berth.sdk;

import java.time.Duration;
import java.util.List;

/** A job (or a sweep's jobs) had not finished when the wait ran out. They go on; waiting again is fine. */
public class AwaitTimeoutException extends BerthException {
    private final List<String> unfinished;

    AwaitTimeoutException(String message, List<String> unfinished) {
        super(message);
        this.unfinished = List.copyOf(unfinished);
    }

    static AwaitTimeoutException job(String id, String state, Duration timeout) {
        return new AwaitTimeoutException("job " + id + " is still " + state + " after " + describe(timeout),
                List.of(id));
    }

    static AwaitTimeoutException sweep(String id, List<String> unfinished, int total, Duration timeout) {
        return new AwaitTimeoutException("sweep " + id + ": " + unfinished.size() + " of " + total
                + " jobs have not finished after " + describe(timeout) + " (" + String.join(", ",
                unfinished.subList(0, Math.min(unfinished.size(), 5))) + (unfinished.size() > 5 ? ", ..." : "")
                + ")", unfinished);
    }

    private static String describe(Duration d) {
        long millis = d.toMillis();
        return millis < 1000 || millis % 1000 != 0 ? millis + " ms" : millis / 1000 + " s";
    }

    /** The ids of the jobs that had not finished, in queue order. */
    public List<String> unfinished() {
        return unfinished;
    }
}
