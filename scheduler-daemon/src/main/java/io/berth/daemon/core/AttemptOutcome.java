package io.berth.daemon.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an attempt's end does to its job: the one place that applies a stop request and the retry policy
 * ({@code max_attempts}, {@code retry_on_failure}) to an {@link AttemptEnd}. Pure.
 *
 * @param exitCode the exit code the job is recorded with
 * @param reason   the job's reason
 * @param at       when it ended by the engine's clock; null to take the server's
 * @param says     Berth's lines for the attempt's log, where the job's own output cannot say why
 */
record AttemptOutcome(Transition transition, Integer exitCode, String reason, Instant at, List<String> says) {
    /**
     * How many attempts the engine may end under a job before it fails: they do not count against
     * {@code max_attempts}, but a job that brings the engine down itself (its memory, its disk) must not run
     * for ever.
     */
    static final int MAX_LOST_TO_ENGINE = 5;

    /** The job's move. */
    enum Transition {
        COMPLETED,
        FAILED,
        STOPPED,
        /** Back to its place in the queue for another attempt; the one that ended counts. */
        RETRIED,
        /** Back to its place in the queue for another attempt; the engine ended this one, so it does not count. */
        LOST_TO_ENGINE,
        /** Back to its place in the queue, the attempt not counted: the engine failed it before it began. */
        RETURNED,
        /** Nothing recorded: the job stays as it is, and the next start takes up the same attempt. */
        LEFT_AS_IS;

        /** Whether the job goes back to the queue. */
        boolean queuesAgain() {
            return this == RETRIED || this == LOST_TO_ENGINE || this == RETURNED;
        }
    }

    AttemptOutcome {
        says = List.copyOf(says);
    }

    /**
     * @param job the job's latest version: a stop request wins over every end but a start the job itself made
     *            impossible, and only its attempts left say whether it runs again
     */
    static AttemptOutcome of(AttemptEnd end, Job job, int defaultMaxAttempts) {
        if (end instanceof AttemptEnd.LeftRunning) {
            return new AttemptOutcome(Transition.LEFT_AS_IS, null, end.reason(), null, List.of());
        }
        if (end instanceof AttemptEnd.StoppedByUser) {
            return stopped(end, end.reason());
        }
        if (end instanceof AttemptEnd.JobCouldNotStart) {
            return failed(null, end, end.reason());
        }
        if (job.stopRequested()) {
            return stopped(end, "stopped by user");
        }
        if (end instanceof AttemptEnd.EngineFault) {
            return new AttemptOutcome(Transition.RETURNED, null, end.reason(), null, says(end, end.reason()));
        }
        if (end instanceof AttemptEnd.LostToEngine || end instanceof AttemptEnd.LeaseLost) {
            return lostToEngine(end, job);
        }
        if (end instanceof AttemptEnd.Exited exited) {
            if (!exited.failed()) {
                return new AttemptOutcome(Transition.COMPLETED, 0, null, end.at(), List.of());
            }
            if (!job.requests().retriesOnFailure()) {
                // a plain non-zero exit says itself in the job's own output; the rest is Berth's to say
                return new AttemptOutcome(Transition.FAILED, exited.code(), exited.reason(), end.at(),
                        says(end, exited.oomKilled() ? failedLine(exited.reason()) : null));
            }
        }
        if (end instanceof AttemptEnd.TimedOut) {
            return failed(end.exitCode(), end, end.reason());
        }
        return retriedOrFailed(end, job, defaultMaxAttempts);
    }

    /** Berth lost touch with it, its container vanished, Docker could not start it, or it failed and asked to be retried. */
    private static AttemptOutcome retriedOrFailed(AttemptEnd end, Job job, int defaultMaxAttempts) {
        int max = job.maxAttempts(defaultMaxAttempts);
        String attempt = "attempt " + job.attempt() + " of " + max;
        if (job.hasAttemptsLeft(defaultMaxAttempts)) {
            return new AttemptOutcome(Transition.RETRIED, null, attempt + ": " + end.reason(), null,
                    says(end, attempt + " ended: " + end.reason() + "; the job is queued again"));
        }
        String gaveUp = job.attempt() > 1 ? " (gave up after " + job.attempt() + " attempts)" : "";
        return failed(null, end, end.reason() + gaveUp);
    }

    /** Queued again with the attempt not counted, unless the engine has ended it too often. */
    private static AttemptOutcome lostToEngine(AttemptEnd end, Job job) {
        int lost = job.attemptsLostToEngine() + 1;
        if (lost >= MAX_LOST_TO_ENGINE) {
            return failed(null, end, end.reason() + " (gave up: the engine ended " + lost + " of its attempts)");
        }
        String attempt = "attempt " + job.attempt();
        return new AttemptOutcome(Transition.LOST_TO_ENGINE, null, attempt + ": " + end.reason(), null,
                says(end, attempt + " ended: " + end.reason() + "; the job is queued again, this attempt not counted"));
    }

    private static AttemptOutcome stopped(AttemptEnd end, String reason) {
        return new AttemptOutcome(Transition.STOPPED, end.exitCode(), reason, end.at(), List.of());
    }

    private static AttemptOutcome failed(Integer exitCode, AttemptEnd end, String reason) {
        return new AttemptOutcome(Transition.FAILED, exitCode, reason, end.at(), says(end, failedLine(reason)));
    }

    private static String failedLine(String reason) {
        return "job failed: " + reason;
    }

    /** An exit's hint, then {@code line} if there is one. */
    private static List<String> says(AttemptEnd end, String line) {
        List<String> says = new ArrayList<>(2);
        if (end instanceof AttemptEnd.Exited exited && exited.hint() != null) {
            says.add(exited.hint());
        }
        if (line != null) {
            says.add(line);
        }
        return says;
    }

    /** The job's next version; {@code now} stands in where the engine gave no time. */
    Job applyTo(Job job, Instant now) {
        Instant when = at != null ? at : now;
        return switch (transition) {
            case COMPLETED -> job.completed(when);
            case FAILED -> job.failed(exitCode, reason, when);
            case STOPPED -> job.stopped(exitCode, reason, when);
            case RETRIED -> job.requeued(reason);
            case LOST_TO_ENGINE -> job.lostToEngine(reason);
            case RETURNED -> job.returned(reason);
            case LEFT_AS_IS -> job;
        };
    }
}
