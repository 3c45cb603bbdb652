package io.berth.daemon.core;

import io.berth.wire.JobView;

/** A job as the API and the archive's metadata.json show it. */
public final class JobViews {
    private JobViews() {}

    public static JobView of(Job job) {
        return new JobView(job.id(), job.project(), job.state().wireName(), job.command(), job.params(),
                job.spec().image(), job.bundleDigest(), job.attempt(), job.createdAt(), job.startedAt(),
                job.finishedAt(), job.exitCode(), job.reason(), job.stopRequested());
    }
}
