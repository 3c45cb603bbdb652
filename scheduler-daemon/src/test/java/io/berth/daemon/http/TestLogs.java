package io.berth.daemon.http;

import static io.berth.daemon.core.TestJobs.aQueuedJob;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobStore;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.core.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Jobs with logs, for the tests of what follows logs. */
final class TestLogs {
    private TestLogs() {}

    /**
     * A job that ran {@code logs.length} times and finished, each attempt having written its log; returned as it
     * was queued, as a stream that began before it ran sees it.
     */
    static Job ranAndFinished(JobStore store, Workspace workspace, String... logs) throws IOException {
        Job job = aQueuedJob();
        store.insert(job);
        Job last = job;
        for (int attempt = 1; attempt <= logs.length; attempt++) {
            last = (attempt == 1 ? last : last.requeued("lost")).claimed().started("c" + attempt, Instant.now());
            append(workspace.logFile(job.id(), attempt), logs[attempt - 1]);
        }
        store.replace(job, last.completed(Instant.now()));
        return job;
    }

    /** A job whose container runs now, as the store holds it. */
    static Job running(JobStore store) {
        Job queued = aQueuedJob();
        store.insert(queued);
        Job running = queued.claimed().started("c1", Instant.now());
        store.replace(queued, running);
        return running;
    }

    /** Appends to the job's log as the runner does: through a stream that signals its followers. */
    static void write(LogSignals signals, Workspace workspace, Job job, String text) throws IOException {
        try (OutputStream log = signals.signalling(job.id(), workspace.openLog(job))) {
            log.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A stream that follows a log. */
    interface Following {
        void run() throws IOException;
    }

    /** Follows a log on another thread, until the stream ends. */
    static CompletableFuture<Void> inBackground(Following following) {
        return CompletableFuture.runAsync(() -> {
            try {
                following.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static void append(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
