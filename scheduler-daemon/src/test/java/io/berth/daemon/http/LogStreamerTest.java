package io.berth.daemon.http;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.archive.SafeTarExtractor;
import io.berth.daemon.core.InMemoryJobStore;
import io.berth.daemon.core.IndexedJobStore;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.storage.FileSystemWorkspace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStreamerTest {
    @TempDir
    Path data;

    private final InMemoryJobStore store = new InMemoryJobStore();
    private FileSystemWorkspace workspace;

    @BeforeEach
    void setUp() {
        workspace = new FileSystemWorkspace(data, new SafeTarExtractor(1 << 20, 100));
    }

    /** What following {@code job} from its start prints, the store holding how it went on. */
    private String followed(Job job) throws Exception {
        return followed(job, LogStreamer.attemptOf(job), 0);
    }

    private String followed(Job job, int fromAttempt, long offset) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LogStreamer(store, workspace, new LogSignals(), Duration.ofMillis(10)).stream(job, fromAttempt, offset, true, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Job ranAndFinished(String... logs) throws Exception {
        return TestLogs.ranAndFinished(store, workspace, logs);
    }

    @Test
    void attemptsThatCameAndWentBetweenTwoLooksAreCopiedEachInTurn() throws Exception {
        Job job = ranAndFinished("one\n", "two\n", "three\n");
        Job seenRunningFirst = job.claimed().started("c1", Instant.now());

        assertThat(followed(seenRunningFirst)).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void anOffsetFromAnEarlierAttemptCountsOnIntoTheLaterOnesLogs() throws Exception {
        Job job = ranAndFinished("one\n", "two and more\n");

        assertThat(followed(job, 1, "one\n".length() + "two ".length())).isEqualTo("and more\n");
    }

    @Test
    void followingAJobRunAgainGoesOnIntoItsNextAttemptsLogFromItsStart() throws Exception {
        Job queued = aQueuedJob();
        store.insert(queued);
        Job first = queued.claimed().started("c1", Instant.now());
        store.replace(queued, first);
        TestLogs.append(workspace.logFile(first.id(), 1), "attempt 1 printed a long line\nberth: attempt 1 of 3 ended\n");
        // meanwhile the job was queued again, ran a second time and finished
        Job second = first.requeued("lost").claimed().started("c2", Instant.now());
        store.replace(first, second.completed(Instant.now()));
        TestLogs.append(workspace.logFile(first.id(), 2), "attempt 2\n");

        assertThat(followed(first)).isEqualTo("attempt 1 printed a long line\nberth: attempt 1 of 3 ended\nattempt 2\n");
    }

    @Test
    void followingAQueuedJobIntoItsFirstAttemptCopiesEachLineOnce() throws Exception {
        Job queued = aQueuedJob();
        store.insert(queued);
        Job started = queued.claimed().started("c1", Instant.now());
        store.replace(queued, started.completed(Instant.now()));
        TestLogs.append(workspace.logFile(queued.id(), 1), "berth: dependencies already installed\nhello\n");

        assertThat(followed(queued)).isEqualTo("berth: dependencies already installed\nhello\n");
    }

    @Test
    void withoutFollowingAnAttemptsLogIsThatAttemptsAlone() throws Exception {
        Job job = ranAndFinished("one\n", "two\n", "three\n");
        LogStreamer logs = new LogStreamer(store, workspace, new LogSignals(), Duration.ofMillis(10));

        for (int attempt = 1; attempt <= 3; attempt++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            logs.stream(job, attempt, 0, false, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).as("attempt " + attempt)
                    .isEqualTo(new String[] {"one\n", "two\n", "three\n"}[attempt - 1]);
        }
        ByteArrayOutputStream fromOffset = new ByteArrayOutputStream();
        logs.stream(job, 2, 1, false, fromOffset);
        assertThat(fromOffset.toString(StandardCharsets.UTF_8)).isEqualTo("wo\n");
    }

    @Test
    void aFollowerWakesAsALineIsWrittenAndAsTheJobEndsNotAtItsRecheck() throws Exception {
        LogSignals signals = new LogSignals();
        IndexedJobStore signalling = IndexedJobStore.over(store, signals::changed);
        Job running = TestLogs.running(signalling);
        LogStreamer logs = new LogStreamer(signalling, workspace, signals, Duration.ofMinutes(10));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> following = TestLogs.inBackground(() -> logs.stream(running, 1, 0, true, out));

        TestLogs.write(signals, workspace, running, "hello\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).equals("hello\n"));
        signalling.replace(running, running.completed(Instant.now()));
        following.get(10, TimeUnit.SECONDS);
    }
}
