package io.berth.daemon.http;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobStore;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.core.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Copies a job's log file to a client as it grows, looking again whenever {@link LogSignals} says the log grew
 * or the job changed. Following ends once the job has finished: the runner writes the whole log before it
 * records the end, so a read after seeing the end is complete.
 * A job run again (a lost attempt, a retried failure) is followed on into each later attempt's log in
 * turn, once the one before is copied whole (the runner finishes it before it queues the job again).
 *
 * <p>A stream starts at one attempt's log, the job's latest unless asked, and its offset counts the bytes
 * of that log and the later ones in turn, so a client that lost its connection can ask again from where
 * it broke off.
 */
public final class LogStreamer {
    private final JobStore store;
    private final Workspace workspace;
    private final LogSignals signals;
    private final Duration recheck;

    /** @param recheck how long a follower waits for a signal before it looks again anyway */
    public LogStreamer(JobStore store, Workspace workspace, LogSignals signals, Duration recheck) {
        this.store = store;
        this.workspace = workspace;
        this.signals = signals;
        this.recheck = recheck;
    }

    /** The attempt whose log a job writes to now; a job not yet started writes to its first attempt's. */
    public static int attemptOf(Job job) {
        return Math.max(1, job.attempt());
    }

    /**
     * @param fromAttempt the attempt whose log the stream starts with, at most {@link #attemptOf}'s; without
     *                    {@code follow}, the only one
     * @param offset      bytes to skip, over that log and (following) the later ones in turn
     */
    public void stream(Job job, int fromAttempt, long offset, boolean follow, OutputStream out) throws IOException {
        if (!follow) { // that attempt's log as it is now, and no other's
            copyFrom(workspace.logFile(job.id(), fromAttempt), Math.max(0, offset), out);
            out.flush();
            return;
        }
        try (LogSignals.Watch watch = signals.watch(job.id())) {
            follow(job, fromAttempt, Math.max(0, offset), out, watch);
        }
    }

    private void follow(Job job, int fromAttempt, long offset, OutputStream out, LogSignals.Watch watch)
            throws IOException {
        int attempt = fromAttempt;
        long position = offset;
        Job current = job;
        while (true) {
            boolean finished = current.state().isFinished(); // read the state before the files: see above
            for (int latest = attemptOf(current); attempt < latest; attempt++) {
                Path whole = workspace.logFile(job.id(), attempt);
                position += copyFrom(whole, position, out);
                position = Math.max(0, position - size(whole)); // what the offset still skips of the next
            }
            position += copyFrom(workspace.logFile(job.id(), attempt), position, out);
            out.flush();
            if (finished) {
                return;
            }
            if (await(watch, recheck) != LogSignals.Wake.WRITTEN) {
                current = store.find(job.id()).orElse(null);
                if (current == null) {
                    return; // deleted while we followed it
                }
            }
        }
    }

    /** A log's size; 0 for one not written (yet). */
    static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0; // an attempt that never wrote a line
        }
    }

    private static long copyFrom(Path file, long position, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(position, Files.size(file)));
            return in.transferTo(out);
        } catch (NoSuchFileException e) {
            return 0; // not started yet
        }
    }

    /**
     * Waits until the log grows or the job changes (or {@code recheck} passes) before looking again; only a
     * wake that is not a mere write needs the job read again.
     */
    static LogSignals.Wake await(LogSignals.Watch watch, Duration recheck) throws IOException {
        try {
            return watch.await(recheck);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while following logs", e);
        }
    }
}
