package io.berth.cli;

import io.berth.wire.BulkResult;

/** Stop and delete act on one job ({@code <job-id>}) or a whole sweep ({@code --sweep}): exactly one. */
final class JobOrSweep {
    private JobOrSweep() {}

    /** True for a sweep; a usage error unless exactly one of the two was given. */
    static boolean isSweep(String job, String sweep) {
        if ((job == null) == (sweep == null)) {
            throw new UserError(ExitCodes.USAGE, "give either a <job-id> or --sweep <id>");
        }
        return sweep != null;
    }

    /** Prints what a sweep-wide action did; the jobs it left are listed with why. */
    /**
     * Says what a sweep-wide action did and left; like the action on one job, it fails (exit 4) when it could
     * do nothing to any of the jobs it found, and succeeds when it did some.
     */
    static int report(Terminal terminal, String action, BulkResult result) {
        terminal.say(action + " " + Plurals.count(result.done().size(), "job"));
        result.skipped().forEach(s -> terminal.note("  left " + s.id() + ": " + Printable.of(s.reason())));
        return result.done().isEmpty() && !result.skipped().isEmpty() ? ExitCodes.NOT_FOUND_OR_CONFLICT : ExitCodes.OK;
    }
}
