package io.berth.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobStore;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.core.Workspace;
import io.berth.wire.LogStreamEvent;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A job's log as server-sent events, followed as {@link LogStreamer} follows it (the file is looked at again
 * whenever {@link LogSignals} wakes the stream; the log is whole once the job has finished; later attempts follow
 * in turn):
 * {@code attempt} when the stream starts and each time it moves on to a later attempt's log, {@code log} with
 * the whole lines read since the last one ({@link LogLines}), {@code end} once the job has finished and its log
 * is whole, then the stream closes; a comment when nothing was sent for a heartbeat interval.
 *
 * <p>Each {@code log} event's id is the byte offset just after its lines, counted over every attempt's log from
 * the first, in turn (the {@code offset} of {@code /logs?attempt=1}), so that a reconnect that sends it back as
 * {@code Last-Event-ID} resumes exactly there, whichever attempt the stream had reached.
 */
public final class LogEventStream {
    private static final int READ = 64 * 1024;
    private final ObjectMapper json = WireJson.mapper();
    private final JobStore store;
    private final Workspace workspace;
    private final LogSignals signals;
    private final Duration recheck;
    private final Duration heartbeat;

    /** @param recheck how long a follower waits for a signal before it looks again anyway */
    public LogEventStream(JobStore store, Workspace workspace, LogSignals signals, Duration recheck,
                          Duration heartbeat) {
        this.store = store;
        this.workspace = workspace;
        this.signals = signals;
        this.recheck = recheck;
        this.heartbeat = heartbeat;
    }

    /** Where the stream is: in which attempt's log, the offset of its start, and how much of it was sent. */
    private static final class Position {
        int attempt;
        long attemptStart;
        long sent;

        long offset() {
            return attemptStart + sent;
        }
    }

    /**
     * @param fromAttempt the attempt whose log the stream starts with, when it does not resume
     * @param resumeFrom  the offset to resume from ({@code Last-Event-ID}), or null
     */
    public void stream(Job job, int fromAttempt, Long resumeFrom, OutputStream out) throws IOException {
        SseWriter events = new SseWriter(out);
        try {
            try (LogSignals.Watch watch = signals.watch(job.id())) {
                follow(job, start(job, fromAttempt, resumeFrom), events, watch);
            }
        } catch (SseWriter.ClientGone e) {
            // the page was closed or moved on: nothing to say to anyone
        }
    }

    private Position start(Job job, int fromAttempt, Long resumeFrom) throws IOException {
        Position at = new Position();
        at.attempt = 1;
        int until = resumeFrom == null ? fromAttempt : LogStreamer.attemptOf(job);
        long target = resumeFrom == null ? Long.MAX_VALUE : Math.max(0, resumeFrom);
        // earlier attempts' logs are whole: skip those the start (or the offset) lies beyond
        while (at.attempt < until && target >= at.attemptStart + LogStreamer.size(log(job, at.attempt))) {
            at.attemptStart += LogStreamer.size(log(job, at.attempt));
            at.attempt++;
        }
        at.sent = resumeFrom == null ? 0 : Math.min(target - at.attemptStart, LogStreamer.size(log(job, at.attempt)));
        return at;
    }

    private void follow(Job job, Position at, SseWriter events, LogSignals.Watch watch) throws IOException {
        LogLines lines = new LogLines();
        events.event("attempt", null, List.of(write(new LogStreamEvent.Attempt(at.attempt))));
        Job current = job;
        while (true) {
            boolean finished = current.state().isFinished(); // read before the files: see LogStreamer
            int latest = LogStreamer.attemptOf(current);
            send(job, at, lines, events);
            while (at.attempt < latest) { // the runner finished this log before it started the next
                send(at, lines.rest(), events);
                at.attemptStart += at.sent;
                at.sent = 0;
                at.attempt++;
                events.event("attempt", null, List.of(write(new LogStreamEvent.Attempt(at.attempt))));
                send(job, at, lines, events);
            }
            if (finished) {
                send(at, lines.rest(), events);
                events.event("end", null, List.of(write(new LogStreamEvent.End(current.state().wireName(),
                        current.reason(), current.exitCode()))));
                return;
            }
            if (events.quietFor() >= heartbeat.toNanos()) {
                events.comment("still following");
            }
            Duration untilHeartbeat = heartbeat.minusNanos(events.quietFor());
            Duration wait = untilHeartbeat.compareTo(recheck) < 0 ? untilHeartbeat : recheck;
            if (LogStreamer.await(watch, wait) != LogSignals.Wake.WRITTEN) {
                current = store.find(job.id()).orElse(null);
                if (current == null) {
                    return; // deleted while we followed it: a reconnect is answered 404
                }
            }
        }
    }

    /** Reads what the attempt's log has beyond what was taken, and sends the whole lines among it. */
    private void send(Job job, Position at, LogLines lines, SseWriter events) throws IOException {
        try (InputStream in = Files.newInputStream(log(job, at.attempt))) {
            in.skipNBytes(Math.min(at.sent + lines.held(), Files.size(log(job, at.attempt))));
            byte[] buffer = new byte[READ];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                send(at, lines.take(buffer, n), events);
            }
        } catch (NoSuchFileException e) {
            // not started yet
        }
    }

    private void send(Position at, LogLines.Taken taken, SseWriter events) throws SseWriter.ClientGone {
        if (taken.bytes() > 0) {
            at.sent += taken.bytes();
            events.event("log", Long.toString(at.offset()), taken.lines());
        }
    }

    private Path log(Job job, int attempt) {
        return workspace.logFile(job.id(), attempt);
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event + " as JSON", e);
        }
    }
}
