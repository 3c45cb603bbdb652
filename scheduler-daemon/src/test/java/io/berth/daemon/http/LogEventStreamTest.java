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

/** The log as server-sent events: attempts, whole lines with resumable offsets, the end, heartbeats. */
class LogEventStreamTest {
    private static final String END = "event: end\ndata: {\"state\":\"completed\",\"exitCode\":0}\n\n";

    @TempDir
    Path data;

    private final InMemoryJobStore store = new InMemoryJobStore();
    private FileSystemWorkspace workspace;

    @BeforeEach
    void setUp() {
        workspace = new FileSystemWorkspace(data, new SafeTarExtractor(1 << 20, 100));
    }

    private String events(Job job, int fromAttempt, Long resume, Duration heartbeat) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LogEventStream(store, workspace, new LogSignals(), Duration.ofMillis(10), heartbeat).stream(job, fromAttempt, resume, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String events(Job job, int fromAttempt, Long resume) throws Exception {
        return events(job, fromAttempt, resume, Duration.ofMinutes(1));
    }

    private static String attempt(int n) {
        return "event: attempt\ndata: {\"attempt\":" + n + "}\n\n";
    }

    private Job ranAndFinished(String... logs) throws Exception {
        return TestLogs.ranAndFinished(store, workspace, logs);
    }

    @Test
    void everyAttemptInTurnWithWholeLinesEachEventIdTheOffsetAfterIt() throws Exception {
        Job job = ranAndFinished("one\ntwo\n", "three\nno end");

        assertThat(events(job, 1, null)).isEqualTo(attempt(1)
                + "id: 8\nevent: log\ndata: one\ndata: two\n\n"
                + attempt(2)
                + "id: 14\nevent: log\ndata: three\n\n"
                + "id: 20\nevent: log\ndata: no end\n\n"
                + END);
    }

    @Test
    void aStreamFromALaterAttemptCountsItsOffsetsFromTheFirstAttempts() throws Exception {
        Job job = ranAndFinished("one\ntwo\n", "three\n");

        assertThat(events(job, 2, null)).isEqualTo(attempt(2) + "id: 14\nevent: log\ndata: three\n\n" + END);
    }

    @Test
    void aReconnectResumesAtItsLastEventIdInWhicheverAttemptThatIs() throws Exception {
        Job job = store.find(ranAndFinished("one\ntwo\n", "three\nfour\n").id()).orElseThrow();

        assertThat(events(job, 2, 4L)).as("the attempt asked is left for the offset")
                .isEqualTo(attempt(1) + "id: 8\nevent: log\ndata: two\n\n" + attempt(2)
                        + "id: 19\nevent: log\ndata: three\ndata: four\n\n" + END);
        assertThat(events(job, 1, 8L)).isEqualTo(attempt(2) + "id: 19\nevent: log\ndata: three\ndata: four\n\n" + END);
        assertThat(events(job, 1, 14L)).isEqualTo(attempt(2) + "id: 19\nevent: log\ndata: four\n\n" + END);
        assertThat(events(job, 1, 19L)).isEqualTo(attempt(2) + END);
    }

    @Test
    void aRunningJobIsFollowedWithHeartbeatsUntilItEnds() throws Exception {
        Job queued = aQueuedJob();
        store.insert(queued);
        Job running = queued.claimed().started("c1", Instant.now());
        store.replace(queued, running);
        Path log = workspace.logFile(queued.id(), 1);
        TestLogs.append(log, "started\nhalf a ");

        CompletableFuture<String> stream = CompletableFuture.supplyAsync(() -> {
            try {
                return events(running, 1, null, Duration.ofMillis(50));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        TestLogs.append(log, "line\n");
        Thread.sleep(100);
        store.replace(running, running.completed(Instant.now()));

        String events = stream.get();
        assertThat(events).startsWith(attempt(1) + "id: 8\nevent: log\ndata: started\n\n: still following\n\n")
                .contains("id: 20\nevent: log\ndata: half a line\n\n").endsWith(END);
    }

    @Test
    void aQueuedJobsStreamWaitsForItsFirstAttemptAndAJobStoppedInTheQueueJustEnds() throws Exception {
        Job queued = aQueuedJob();
        store.insert(queued);
        store.replace(queued, queued.stopped("stopped by user before it started", Instant.now()));

        assertThat(events(queued, 1, null)).isEqualTo(attempt(1) + "event: end\ndata: {\"state\":\"stopped\","
                + "\"reason\":\"stopped by user before it started\"}\n\n");
    }

    @Test
    void aStreamWakesAsALineIsWrittenAndAsTheJobEndsNotAtItsRecheck() throws Exception {
        LogSignals signals = new LogSignals();
        IndexedJobStore signalling = IndexedJobStore.over(store, signals::changed);
        Job running = TestLogs.running(signalling);
        LogEventStream logEvents = new LogEventStream(signalling, workspace, signals, Duration.ofMinutes(10),
                Duration.ofMinutes(10));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> following = TestLogs.inBackground(() -> logEvents.stream(running, 1, null, out));

        TestLogs.write(signals, workspace, running, "hello\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).contains("data: hello"));
        signalling.replace(running, running.completed(Instant.now()));
        following.get(10, TimeUnit.SECONDS);
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith(END);
    }
}
