package io.berth.daemon.core;

import io.berth.wire.JobDetails;
import io.berth.wire.JobView;

/** A job as the API and the archive's metadata.json show it. */
public final class JobViews {
    private JobViews() {}

    public static JobView of(Job job) {
        return of(job, JobSummary.NONE);
    }

    public static JobView of(Job job, JobSummary summary) {
        return new JobView(job.id(), job.sweepId(), job.project(), job.state().wireName(), job.command(), job.params(),
                job.spec().image(), job.bundleDigest(), job.attempt(), job.createdAt(), job.startedAt(),
                job.finishedAt(), job.exitCode(), job.reason(), job.stopRequested(), summary.latestMetrics(),
                summary.tags(), job.requests(), job.gpuIds());
    }

    public static JobDetails details(Job job, JobResults results) {
        return new JobDetails(of(job, new JobSummary(results.latestMetrics(), results.tags())), results.loggedParams(),
                results.metrics(), results.tags(), results.artifacts());
    }
}
