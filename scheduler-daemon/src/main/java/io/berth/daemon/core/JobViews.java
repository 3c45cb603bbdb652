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
        return JobView.builder(job.id()).sweepId(job.sweepId()).project(job.project()).state(job.state().wireName())
                .command(job.command()).params(job.params()).loggedParams(summary.loggedParams()).image(job.spec().image()).bundleDigest(job.bundleDigest())
                .attempt(job.attempt()).attemptsLostToEngine(job.attemptsLostToEngine()).times(job.createdAt(), job.startedAt(), job.finishedAt())
                .ending(job.exitCode(), job.reason()).stopRequested(job.stopRequested())
                .metrics(summary.latestMetrics()).tags(summary.tags()).requests(job.requests()).gpuIds(job.gpuIds()).node(job.node())
                .build();
    }

    public static JobDetails details(Job job, JobResults results) {
        return new JobDetails(of(job, results.summary()), results.loggedParams(),
                results.metrics(), results.tags(), results.artifacts());
    }
}
