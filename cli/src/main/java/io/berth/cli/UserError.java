package io.berth.cli;

/** A problem the user can fix, reported as one line and an exit code, never a stack trace. */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
