package io.berth.daemon.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link JobIndex} keeps of a job: what job tables filter, sort and count by, without its spec or results.
 * A million of them are kept, so they are small: the project, sweep id and command, which a sweep's jobs share,
 * are shared strings, and the text a search looks at is made when a search asks.
 *
 * @param command    its command's words joined by spaces
 * @param paramsJson its submitted params as JSON text
 */
public record IndexedJob(String id, String project, String sweepId, JobState state, Instant createdAt,
                         Instant startedAt, Instant finishedAt, Integer exitCode, String command, String paramsJson) {
    private static final ObjectMapper JSON = WireJson.mapper();

    public static IndexedJob of(Job job) {
        return new IndexedJob(job.id(), shared(job.project()), shared(job.sweepId()), job.state(),
                job.createdAt(), job.startedAt(), job.finishedAt(), job.exitCode(),
                shared(String.join(" ", job.command())), json(job));
    }

    /** The one copy of a string that many jobs share (the JVM's string table; collected when none refers to it). */
    private static String shared(String text) {
        return text == null ? null : text.intern();
    }

    /** As it is once stopped, at {@code at}, before it started. */
    IndexedJob stopped(Instant at) {
        return new IndexedJob(id, project, sweepId, JobState.STOPPED, createdAt, startedAt, at, exitCode, command,
                paramsJson);
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
                || contains(paramsJson, lowerCaseText);
    }

    private static boolean contains(String field, String lowerCaseText) {
        return field.toLowerCase(Locale.ROOT).contains(lowerCaseText);
    }

    /** How long it ran, or has run so far; null if it never started. */
    public Duration duration(Instant now) {
        return startedAt == null ? null : Duration.between(startedAt, finishedAt == null ? now : finishedAt);
    }

    /** The value it was submitted with for {@code key}, or null. */
    public Object param(String key) {
        try {
            Map<?, ?> params = JSON.readValue(paramsJson, Map.class);
            return params.get(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + id + ": its params do not read back: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(Job job) {
        try {
            return JSON.writeValueAsString(job.params());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job " + job.id() + ": its params cannot be written as JSON", e);
        }
    }
}
