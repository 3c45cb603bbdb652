package io.berth.daemon.http;

import static io.berth.daemon.core.TestJobs.aQueuedJob;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobStore;
import io.berth.daemon.core.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

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

    static void append(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
