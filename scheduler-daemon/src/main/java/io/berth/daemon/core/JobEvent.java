package io.berth.daemon.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing a job reported through its helper library (docs/job-helpers.md): a metric value, a
 * parameter, a tag, or a saved artifact.
 *
 * @param step  metrics only
 * @param path  artifacts only: where the file is, relative to the job's {@code /job/berth} directory
 * @param bytes artifacts only
 */
public record JobEvent(Kind kind, String key, Object value, Long step, Instant time, String path, Long bytes) {
    public enum Kind { METRIC, PARAM, TAG, ARTIFACT }

    public JobEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(time, "time");
    }
}
