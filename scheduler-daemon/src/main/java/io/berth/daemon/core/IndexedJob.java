package io.berth.daemon.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link JobIndex} keeps of a job: what job tables filter, sort and count by, without its spec, command
 * list or results.
 *
 * @param paramsJson its submitted params as JSON text
 * @param searchText project, sweep id, command and params, lower-cased, for {@link #matchesText}
 */
public record IndexedJob(String id, String project, String sweepId, JobState state, Instant createdAt,
                         Instant startedAt, Instant finishedAt, Integer exitCode, String paramsJson,
                         String searchText) {
    private static final ObjectMapper JSON = WireJson.mapper();
    /** Between the fields of {@link #searchText}, so that a search does not match across two of them. */
    private static final char SEPARATOR = '\u0000';

    public static IndexedJob of(Job job) {
        String params = json(job);
        String search = (job.project() + SEPARATOR + (job.sweepId() == null ? "" : job.sweepId()) + SEPARATOR
                + String.join(" ", job.command()) + SEPARATOR + params).toLowerCase(Locale.ROOT);
        return new IndexedJob(job.id(), job.project(), job.sweepId(), job.state(), job.createdAt(), job.startedAt(),
                job.finishedAt(), job.exitCode(), params, search);
    }

    /** As it is once stopped, at {@code at}, before it started. */
    IndexedJob stopped(Instant at) {
        return new IndexedJob(id, project, sweepId, JobState.STOPPED, createdAt, startedAt, at, exitCode, paramsJson,
                searchText);
    }

    /** @param lowerCaseText what a user searched for, lower-cased */
    public boolean matchesText(String lowerCaseText) {
        return id.startsWith(lowerCaseText) || searchText.contains(lowerCaseText);
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
