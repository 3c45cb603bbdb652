package io.berth.daemon.core;

public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(String ref) {
        this("job", ref);
    }

    /** @param what "job" or "sweep" */
    public JobNotFoundException(String what, String ref) {
        super("no " + what + " matches '" + ref + "'");
    }
}
