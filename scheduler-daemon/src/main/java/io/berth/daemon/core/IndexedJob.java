package io.berth.daemon.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link JobIndex} keeps of a job: what job tables filter, sort and count by, without its spec or results.
 * A million of them are kept, so they are small (64 bytes, beside the id and the params): the project, sweep id
 * and command, which a sweep's jobs share, are shared strings; times and the exit code are primitives, a value
 * no job has standing for null; params are JSON as UTF-8 bytes; the text a search looks at is made when a
 * search asks.
 */
public final class IndexedJob {
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final int NO_EXIT_CODE = Integer.MIN_VALUE;
    private static final byte[] NO_PARAMS = {'{', '}'};

    private final String id;
    private final String project;
    private final String sweepId;
    private final JobState state;
    private final long createdAt;
    private final long startedAt;
    private final long finishedAt;
    private final int exitCode;
    private final String command;
    private final byte[] paramsJson;

    private IndexedJob(String id, String project, String sweepId, JobState state, long createdAt, long startedAt,
                       long finishedAt, int exitCode, String command, byte[] paramsJson) {
        this.id = id;
        this.project = project;
        this.sweepId = sweepId;
        this.state = state;
        this.createdAt = createdAt;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
        this.exitCode = exitCode;
        this.command = command;
        this.paramsJson = paramsJson;
    }

    public static IndexedJob of(Job job) {
        return new IndexedJob(job.id(), shared(job.project()), shared(job.sweepId()), job.state(),
                nanos(job.createdAt()), nanos(job.startedAt()), nanos(job.finishedAt()),
                job.exitCode() == null ? NO_EXIT_CODE : job.exitCode(), shared(String.join(" ", job.command())),
                json(job));
    }

    /** The one copy of a string that many jobs share (the JVM's string table; collected when none refers to it). */
    private static String shared(String text) {
        return text == null ? null : text.intern();
    }

    /** As it is once stopped, at {@code at}, before it started. */
    IndexedJob stopped(Instant at) {
        return new IndexedJob(id, project, sweepId, JobState.STOPPED, createdAt, startedAt, nanos(at), exitCode,
                command, paramsJson);
    }

    public String id() {
        return id;
    }

    public String project() {
        return project;
    }

    /** The sweep that made it, or null. */
    public String sweepId() {
        return sweepId;
    }

    public JobState state() {
        return state;
    }

    public Instant createdAt() {
        return instant(createdAt);
    }

    /** When its current attempt started, or null. */
    public Instant startedAt() {
        return instant(startedAt);
    }

    /** When it finished, or null. */
    public Instant finishedAt() {
        return instant(finishedAt);
    }

    /** Its container's exit code, or null. */
    public Integer exitCode() {
        return exitCode == NO_EXIT_CODE ? null : exitCode;
    }

    /** Its command's words joined by spaces. */
    public String command() {
        return command;
    }

    /**
     * Whether the text starts its id, or is in its project, sweep id, command or params as JSON, in any case (but
     * not across two of them).
     *
     * @param lowerCaseText what a user searched for, lower-cased
     */
    public boolean matchesText(String lowerCaseText) {
        return id.startsWith(lowerCaseText) || contains(project, lowerCaseText)
                || (sweepId != null && sweepId.contains(lowerCaseText)) || contains(command, lowerCaseText)
                || contains(new String(paramsJson, StandardCharsets.UTF_8), lowerCaseText);
    }

    private static boolean contains(String field, String lowerCaseText) {
        return field.toLowerCase(Locale.ROOT).contains(lowerCaseText);
    }

    /** How long it ran, or has run so far; null if it never started. */
    public Duration duration(Instant now) {
        return startedAt == NO_TIME ? null : Duration.between(startedAt(), finishedAt == NO_TIME ? now : finishedAt());
    }

    /** The value it was submitted with for {@code key}, or null. */
    public Object param(String key) {
        try {
            Map<?, ?> params = JSON.readValue(paramsJson, Map.class);
            return params.get(key);
        } catch (IOException e) {
            throw new IllegalStateException("job " + id + ": its params do not read back: " + e.getMessage(), e);
        }
    }

    /** Nanoseconds since the epoch: a job's times are its server's clock's, well within 1678 to 2261. */
    private static long nanos(Instant time) {
        return time == null ? NO_TIME : Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L),
                time.getNano());
    }

    private static Instant instant(long nanos) {
        return nanos == NO_TIME ? null : Instant.ofEpochSecond(0, nanos);
    }

    private static byte[] json(Job job) {
        if (job.params().isEmpty()) {
            return NO_PARAMS;
        }
        try {
            return JSON.writeValueAsBytes(job.params());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job " + job.id() + ": its params cannot be written as JSON", e);
        }
    }

    @Override
    public String toString() {
        return "IndexedJob[" + id + ", " + state + "]";
    }
}
