package io.berth.daemon.core;

import java.util.Locale;
import java.util.Set;

/**
 * Which jobs a listing shows; null (or empty) fields match everything.
 *
 * @param states the states a job may be in
 * @param text   matched case-insensitively against the start of the id and within the project, sweep id,
 *               command and params ({@link IndexedJob#matchesText}); kept lower-cased
 */
public record JobFilter(String project, String sweepId, Set<JobState> states, String text) {
    public static final JobFilter ALL = new JobFilter(null, null, Set.of(), null);

    public JobFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    /** By project, sweep and one state (null for any), as GET /jobs filters. */
    public JobFilter(String project, String sweepId, JobState state) {
        this(project, sweepId, state == null ? Set.of() : Set.of(state), null);
    }

    public boolean matches(Job job) {
        return matches(job.project(), job.sweepId(), job.state()) && (text == null || IndexedJob.of(job).matchesText(text));
    }

    public boolean matches(IndexedJob job) {
        return matches(job.project(), job.sweepId(), job.state()) && (text == null || job.matchesText(text));
    }

    /** By project, sweep and state only, leaving out the text: for what carries no more than these. */
    boolean matches(String jobProject, String jobSweepId, JobState state) {
        return (project == null || project.equals(jobProject))
                && (sweepId == null || sweepId.equals(jobSweepId))
                && (states.isEmpty() || states.contains(state));
    }
}
