package io.berth.wire;

import java.time.Instant;
import java.util.List;

/**
 * GET /projects: a project as the dashboard's filters show it.
 *
 * @param active          its jobs that are queued, starting or running
 * @param sweeps          its sweeps, newest first, each with how many jobs it has
 * @param lastSubmittedAt when its newest job was submitted
 */
public record ProjectView(String project, int jobs, int active, List<SweepCount> sweeps, Instant lastSubmittedAt) {
    public ProjectView {
        sweeps = sweeps == null ? List.of() : List.copyOf(sweeps);
    }

    public record SweepCount(String id, int jobs) {}
}
