package io.berth.daemon.core;

import io.berth.daemon.core.AttemptOutcome.Transition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a run records its attempt's end ({@link AttemptOutcome} decides what it does to the job): archived,
 * then written with a compare-and-set, retried while Redis is away; or back to the queue. Every end goes
 * through here, so a finished job always has its archive.
 */
final class JobEnds {
    private static final Logger LOG = LoggerFactory.getLogger(JobEnds.class);

    private final JobRecords store;
    private final Workspace workspace;
    private final ResultsCollector results;
    private final Clock clock;
    private final int defaultMaxAttempts;
    private final BooleanSupplier shuttingDown;

    /** @param shuttingDown while true, a store that does not answer fails the call instead of being waited for */
    JobEnds(JobRecords store, Workspace workspace, ResultsCollector results, Clock clock, int defaultMaxAttempts,
            BooleanSupplier shuttingDown) {
        this.store = store;
        this.workspace = workspace;
        this.results = results;
        this.clock = clock;
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.shuttingDown = shuttingDown;
    }

    /**
     * Records how an attempt ended, as {@link AttemptOutcome} decides against the job's latest version: back
     * to the queue for another attempt, or finished (archived first), or, for a server that is stopping,
     * nothing at all.
     */
    void record(Job job, OutputStream log, AttemptEnd end) throws IOException {
        if (AttemptOutcome.of(end, job, defaultMaxAttempts).transition() == Transition.LEFT_AS_IS) {
            LOG.info("job {}: left for the next start: {}", job.id(), end.reason());
            return;
        }
        Job latest = latest(job.id());
        AttemptOutcome outcome = AttemptOutcome.of(end, latest, defaultMaxAttempts);
        if (outcome.transition().queuesAgain()) {
            // the log first: once the job is queued, a follower may move on to the next attempt's log
            say(log, outcome);
            Job requeued = store.update(latest, current -> queuedAgainOrAsIs(current, end));
            if (requeued.state() == JobState.QUEUED) {
                results.forget(job.id());
                workspace.release(job.id());
                LOG.info("job {}: requeued: {}", job.id(), requeued.reason());
                return;
            }
            writeLine(log, "berth: a stop request came first; the job is not queued again");
            latest = requeued;
        }
        finish(latest, log, end);
    }

    /** The job queued again if its end still says so (a stop request may have come first), else as it is. */
    private Job queuedAgainOrAsIs(Job current, AttemptEnd end) {
        AttemptOutcome outcome = AttemptOutcome.of(end, current, defaultMaxAttempts);
        return outcome.transition().queuesAgain() ? outcome.applyTo(current, now()) : current;
    }

    /**
     * Archives the job as it will end, with what it reported (collected by the run before it ends), then
     * records that end; if someone changed the job in between (a stop request), the end is worked out again
     * from the latest version and archived again.
     */
    private void finish(Job job, OutputStream log, AttemptEnd attemptEnd) throws IOException {
        JobSummary reported = untilStoreAnswers(() -> results.summary(job.id()));
        Job current = job;
        while (true) {
            AttemptOutcome outcome = AttemptOutcome.of(attemptEnd, current, defaultMaxAttempts);
            say(log, outcome);
            Job end = outcome.applyTo(current, now());
            workspace.archive(end, reported);
            Job expected = current;
            if (untilStoreAnswers(() -> store.replace(expected, end))) {
                workspace.release(end.id());
                LOG.info("job {}: {}{}", end.id(), end.state().wireName(), end.reason() == null ? "" : " (" + end.reason() + ")");
                return;
            }
            current = latest(current.id());
        }
    }

    private Job latest(String id) {
        return untilStoreAnswers(() -> store.find(id)).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** Berth's lines about the end, where the job's own output cannot say it: it never ran, ran out of time or of memory. */
    private static void say(OutputStream log, AttemptOutcome outcome) throws IOException {
        for (String line : outcome.says()) {
            writeLine(log, "berth: " + line);
        }
        log.flush();
    }

    /**
     * A job's end must be recorded, or a restart would run it again: while Redis cannot be reached, the
     * runner keeps the job (and its slot) and tries again every second, until it answers or the server stops.
     */
    <T> T untilStoreAnswers(Supplier<T> write) {
        boolean warned = false;
        while (true) {
            try {
                return write.get();
            } catch (JobStoreException e) {
                if (shuttingDown.getAsBoolean()) {
                    throw e;
                }
                if (!warned) {
                    LOG.warn("cannot record a job's end yet, will retry every second: {}", e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static void writeLine(OutputStream log, String line) throws IOException {
        log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        log.flush();
    }

    void failIfUnfinished(Job claimed, String why) {
        try {
            store.find(claimed.id())
                    // only its own attempt: a later one (after the job was given back and claimed again) is not its to end
                    .filter(job -> job.attempt() == claimed.attempt() && !job.state().isFinished())
                    .ifPresent(job -> store.update(job, j -> j.failed(null, why, now())));
        } catch (RuntimeException e) {
            LOG.error("job {}: could not record its failure: {}", claimed.id(), e.getMessage(), e);
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
