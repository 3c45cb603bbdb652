package io.berth.daemon.core;

public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(String ref) {
        this("job", ref);
    }

    /** @param what "job" or "sweep" */
    public JobNotFoundException(String what, String ref) {
        super("no " + what + " matches '" + ref + "'");
    }

    /** No job, though a sweep's id starts so: the user gave a sweep where a job was wanted. */
    static JobNotFoundException butSweep(String ref, String sweepId) {
        return new JobNotFoundException("no job matches '" + ref + "', but sweep " + sweepId + " does: name its jobs"
                + " with --sweep " + sweepId + " (berth list --sweep " + sweepId + " shows them)", true);
    }

    private JobNotFoundException(String message, boolean whole) {
        super(message);
    }
}
