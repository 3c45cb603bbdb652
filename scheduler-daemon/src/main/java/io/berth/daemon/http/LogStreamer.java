package io.berth.daemon.http;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobStore;
import io.berth.daemon.core.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Copies a job's log file to a client as it grows. Following ends once the job has finished: the
 * runner writes the whole log before it records the end, so a read after seeing the end is complete.
 * A job run again (a lost attempt, a retried failure) is followed into its next attempt's log, from its
 * start, once the last one's is copied whole (it was written before the job was queued again).
 */
public final class LogStreamer {
    private final JobStore store;
    private final Workspace workspace;
    private final Duration pollInterval;

    public LogStreamer(JobStore store, Workspace workspace, Duration pollInterval) {
        this.store = store;
        this.workspace = workspace;
        this.pollInterval = pollInterval;
    }

    public void stream(Job job, long offset, boolean follow, OutputStream out) throws IOException {
        long position = Math.max(0, offset);
        // by file, not attempt number: a job not yet started writes to its first attempt's log
        Path file = workspace.logFile(job.id(), job.attempt());
        Job current = job;
        while (true) {
            boolean finished = current.state().isFinished(); // read the state before the file: see above
            Path latest = workspace.logFile(job.id(), current.attempt());
            if (!latest.equals(file)) {
                copyFrom(file, position, out);
                file = latest;
                position = 0;
            }
            position += copyFrom(file, position, out);
            out.flush();
            if (!follow || finished) {
                return;
            }
            sleep();
            current = store.find(job.id()).orElse(null);
            if (current == null) {
                return; // deleted while we followed it
            }
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

    private void sleep() throws IOException {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while following logs", e);
        }
    }
}
