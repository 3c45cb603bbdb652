package io.berth.cli;

/** What {@code berth}'s exit status means; documented in docs/cli.md. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The job ended failed or stopped (submit and wait report the job's own outcome). */
    public static final int JOB_NOT_COMPLETED = 1;
    /** {@code berth agent status}: no agent runs from this home (the head's view of it is still shown). */
    public static final int NOT_RUNNING = 1;
    /** The command line itself was wrong (picocli's usage errors). */
    public static final int USAGE = 2;
    /** A file, directory, config or request was invalid; nothing was changed. */
    public static final int INVALID_INPUT = 3;
    /** The job does not exist, the prefix is ambiguous, or its state does not allow the command. */
    public static final int NOT_FOUND_OR_CONFLICT = 4;
    /** No server answered at the submission config's URL. */
    public static final int SERVER_UNREACHABLE = 5;
    /** The server refused the env's token (none, wrong, revoked or expired), or its TLS certificate could not be verified. */
    public static final int UNAUTHORIZED = 6;
    /** A wait ran out (stop's --timeout) before the job ended; it goes on, and waiting again is fine. */
    public static final int TIMED_OUT = 7;
    /** Anything else: a bug or a server error. */
    public static final int INTERNAL = 70;
    /** Interrupted (Ctrl-C) while following; the job itself goes on. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
