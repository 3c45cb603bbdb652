package io.berth.daemon.core;

import io.berth.wire.JobSpec;
import io.berth.wire.SubmitJobRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What users can do to jobs: the operations behind the API, each checked against the job's state. */
public final class JobService {
    private static final Pattern PROJECT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int CANDIDATES_SHOWN = 5;

    private final JobStore store;
    private final BundleStore bundles;
    private final Workspace workspace;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final String defaultImage;

    public JobService(JobStore store, BundleStore bundles, Workspace workspace, Dispatcher dispatcher,
                      Clock clock, String defaultImage) {
        this.store = store;
        this.bundles = bundles;
        this.workspace = workspace;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.defaultImage = defaultImage;
    }

    /** Validates, then records and queues the job in one step; once this returns, the job is not lost. */
    public Job submit(SubmitJobRequest request) {
        if (request.command().isEmpty()) {
            throw new InvalidSubmissionException("command: a job needs a command to run");
        }
        if (request.project() == null || !PROJECT_NAME.matcher(request.project()).matches()) {
            throw new InvalidSubmissionException("project: '" + request.project()
                    + "' is not a valid project name (letters, digits, '.', '_' and '-', up to 128)");
        }
        Integer gpus = request.spec().numGpus();
        if (gpus != null && gpus > 0) {
            // No GPU inventory yet: a job that needs GPUs could never get them here, so say so now.
            throw new InvalidSubmissionException("num_gpus: the job asks for " + gpus
                    + " GPU(s) but this server has no GPUs configured");
        }
        if (!bundles.contains(request.bundleDigest())) {
            throw new InvalidBundleException("bundleDigest: the server has no bundle " + request.bundleDigest()
                    + "; upload it before submitting");
        }
        Job job = Job.queued(JobIds.next(clock.instant()), request.project(), request.command(), request.params(),
                withDefaults(request.spec()), request.bundleDigest(), clock.instant());
        store.insert(job);
        dispatcher.wake();
        return job;
    }

    /** The job a user named by its id or a unique start of it. */
    public Job resolve(String ref) {
        String prefix = ref == null ? "" : ref.toLowerCase(Locale.ROOT);
        if (!JobIds.isValidPrefix(prefix)) {
            throw new InvalidSubmissionException("'" + ref + "' is not a job id");
        }
        List<String> ids = store.idsWithPrefix(prefix, CANDIDATES_SHOWN + 1);
        if (ids.isEmpty()) {
            throw new JobNotFoundException(ref);
        }
        if (ids.size() > 1 && !ids.contains(prefix)) {
            throw new AmbiguousJobIdException(ref, ids.subList(0, Math.min(ids.size(), CANDIDATES_SHOWN)));
        }
        String id = ids.contains(prefix) ? prefix : ids.get(0);
        return store.find(id).orElseThrow(() -> new JobNotFoundException(ref));
    }

    public List<Job> list() {
        return store.all();
    }

    /**
     * A queued job leaves the queue and is stopped at once; a starting or running one is marked, and its
     * container is told to stop (it ends {@code stopped} when the container has exited).
     */
    public Job stop(String ref) {
        Job job = store.update(resolve(ref), current -> {
            if (current.state().isFinished()) {
                throw new JobConflictException("job " + current.id() + " has already " + current.state().wireName());
            }
            return current.state() == JobState.QUEUED
                    ? current.stopped("stopped by user before it started", clock.instant())
                    : current.withStopRequested();
        });
        if (job.state().isActive()) {
            dispatcher.stop(job);
        }
        return job;
    }

    /** Removes a finished job's record, logs and archive. */
    public void delete(String ref) {
        Job job = resolve(ref);
        if (!job.state().isFinished()) {
            throw new JobConflictException("job " + job.id() + " is " + job.state().wireName()
                    + "; only finished jobs can be deleted (stop it first)");
        }
        if (!store.delete(job)) {
            throw new JobConflictException("job " + job.id() + " changed while it was being deleted; try again");
        }
        workspace.delete(job.id());
    }

    /** Stops every queued job; returns the ids it stopped. */
    public List<String> clearQueue() {
        List<String> removed = new ArrayList<>();
        for (String id : store.queue()) {
            store.find(id)
                    .filter(job -> job.state() == JobState.QUEUED)
                    .filter(job -> store.replace(job, job.stopped("removed from the queue by clear-queue", clock.instant())))
                    .ifPresent(job -> removed.add(job.id()));
        }
        return removed;
    }

    private JobSpec withDefaults(JobSpec spec) {
        if (spec.image() != null && !spec.image().isBlank()) {
            return spec;
        }
        return new JobSpec(defaultImage, spec.entrypoint(), spec.workingDir(), spec.environment(), spec.volumes(),
                spec.numGpus(), spec.memoryBytes());
    }
}
