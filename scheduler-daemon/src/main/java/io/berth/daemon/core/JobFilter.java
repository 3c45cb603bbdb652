package io.berth.daemon.core;

/** Which jobs a listing shows; null fields match everything. */
public record JobFilter(String project, String sweepId, JobState state) {
    public static final JobFilter ALL = new JobFilter(null, null, null);

    public boolean matches(Job job) {
        return (project == null || project.equals(job.project()))
                && (sweepId == null || sweepId.equals(job.sweepId()))
                && (state == null || state == job.state());
    }
}
