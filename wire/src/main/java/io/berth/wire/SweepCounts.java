package io.berth.wire;

/**
 * GET /sweeps/{ref}/progress: how many of a sweep's jobs are in each state, counted by the server in memory, so
 * that following a sweep of 100,000 jobs does not read them all. {@code running} counts starting jobs too.
 */
public record SweepCounts(String id, int queued, int running, int completed, int failed, int stopped) {}
