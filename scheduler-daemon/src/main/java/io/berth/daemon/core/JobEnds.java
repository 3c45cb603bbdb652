package io.berth.daemon.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a run records its job's end: archived, then written with a compare-and-set, retried while Redis
 * is away; or, for an attempt lost (or failed and asked to be retried), back to the queue while
 * attempts are left. Every end goes through here, so a finished job always has its archive.
 */
final class JobEnds {
    private static final Logger LOG = LoggerFactory.getLogger(JobEnds.class);

    private final JobStore store;
    private final Workspace workspace;
    private final ResultsCollector results;
    private final Clock clock;
    private final int defaultMaxAttempts;
    private final BooleanSupplier shuttingDown;

    /** @param shuttingDown while true, a store that does not answer fails the call instead of being waited for */
    JobEnds(JobStore store, Workspace workspace, ResultsCollector results, Clock clock, int defaultMaxAttempts,
            BooleanSupplier shuttingDown) {
        this.store = store;
        this.workspace = workspace;
        this.results = results;
        this.clock = clock;
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.shuttingDown = shuttingDown;
    }

    /**
     * The attempt was lost (or failed and asked to be retried): back to the queue while attempts are
     * left, else failed with {@code why}. A stop request wins over both.
     */
    void retryOrFail(Job job, OutputStream log, String why) throws IOException {
        Job latest = store.find(job.id()).orElseThrow(() -> new JobNotFoundException(job.id()));
        int max = latest.maxAttempts(defaultMaxAttempts);
        if (!latest.stopRequested() && latest.hasAttemptsLeft(defaultMaxAttempts)) {
            // the log first: once the job is queued, a follower may move on to the next attempt's log
            writeLine(log, "berth: attempt " + latest.attempt() + " of " + max + " ended: " + why
                    + "; the job is queued again");
            Job requeued = store.update(latest, current -> current.stopRequested() ? current
                    : current.requeued("attempt " + current.attempt() + " of " + max + ": " + why));
            if (requeued.state() != JobState.QUEUED) {
                writeLine(log, "berth: a stop request came first; the job is not queued again");
            } else {
                results.forget(job.id());
                workspace.release(job.id());
                LOG.info("job {}: requeued after attempt {} of {}: {}", job.id(), latest.attempt(), max, why);
                return;
            }
        }
        String gaveUp = why + (latest.attempt() > 1 ? " (gave up after " + latest.attempt() + " attempts)" : "");
        finish(latest, log, current -> current.stopRequested()
                ? current.stopped("stopped by user", now())
                : current.failedToStart(gaveUp, now()));
    }

    /**
     * Archives the job as it will end, with what it reported (collected by the run before it ends), then
     * records that end; if someone changed the job in between (a stop request), the end is worked out again
     * from the latest version and archived again.
     */
    void finish(Job job, OutputStream log, UnaryOperator<Job> ending) throws IOException {
        JobSummary reported = untilStoreAnswers(() -> results.summary(job.id()));
        Job current = job;
        while (true) {
            Job end = ending.apply(current);
            // the log says why, where the job's own output cannot: it never ran, ran out of time or of memory
            if (end.state() == JobState.FAILED && (end.exitCode() == null || !end.reason().startsWith("exit code"))) {
                writeLine(log, "berth: job failed: " + end.reason());
            }
            log.flush();
            workspace.archive(end, reported);
            Job expected = current;
            if (untilStoreAnswers(() -> store.replace(expected, end))) {
                workspace.release(end.id());
                LOG.info("job {}: {}{}", end.id(), end.state().wireName(), end.reason() == null ? "" : " (" + end.reason() + ")");
                return;
            }
            String id = current.id();
            current = untilStoreAnswers(() -> store.find(id)).orElseThrow(() -> new JobNotFoundException(id));
        }
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
                    .filter(job -> !job.state().isFinished())
                    .ifPresent(job -> store.update(job, j -> j.failedToStart(why, now())));
        } catch (RuntimeException e) {
            LOG.error("job {}: could not record its failure: {}", claimed.id(), e.getMessage(), e);
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
