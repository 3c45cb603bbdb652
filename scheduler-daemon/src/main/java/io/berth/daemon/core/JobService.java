package io.berth.daemon.core;

import io.berth.config.MemorySize;
import io.berth.daemon.core.admission.AdmissionPlan;
import io.berth.daemon.core.admission.AdmissionPolicy;
import io.berth.wire.BulkResult;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.ProjectNames;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepCounts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What users can do to jobs: the operations behind the API, each checked against the job's state. */
public final class JobService {
    private static final int CANDIDATES_SHOWN = 5;
    private static final int MAX_SWEEP_JOBS = 100_000;

    private final IndexedJobStore store;
    private final BundleStore bundles;
    private final Workspace workspace;
    private final JobResultsStore results;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final String defaultImage;
    private final SpecPolicy specPolicy;
    /** The memory limit of a job that sets none (server.yaml default_memory); null for none. */
    private final MemorySize defaultMemory;

    public JobService(IndexedJobStore store, BundleStore bundles, Workspace workspace, JobResultsStore results,
                      Dispatcher dispatcher, Clock clock, String defaultImage, SpecPolicy specPolicy) {
        this(store, bundles, workspace, results, dispatcher, clock, defaultImage, specPolicy, null);
    }

    public JobService(IndexedJobStore store, BundleStore bundles, Workspace workspace, JobResultsStore results,
                      Dispatcher dispatcher, Clock clock, String defaultImage, SpecPolicy specPolicy,
                      MemorySize defaultMemory) {
        this.store = store;
        this.bundles = bundles;
        this.workspace = workspace;
        this.results = results;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.defaultImage = defaultImage;
        this.specPolicy = specPolicy;
        this.defaultMemory = defaultMemory;
    }

    /**
     * Validates, then records and queues the job in one step; once this returns, the job is not lost. A
     * retry with the same idempotency key returns the job the first one queued, and queues nothing.
     */
    public Job submit(SubmitJobRequest request) {
        JobSpec spec = validated(request.bundleDigest(), request.project(), request.command(), request.spec());
        Job job = Job.queued(JobIds.next(clock.instant()), null, request.project(), request.command(),
                request.params(), spec, request.bundleDigest(), store.reservePositions(1), clock.instant());
        if (request.idempotencyKey() == null) {
            store.insert(job);
        } else {
            String queued = store.insertOnce(List.of(job), request.idempotencyKey(), job.id());
            if (!queued.equals(job.id())) {
                return store.find(queued).orElseThrow(() -> new JobNotFoundException(queued));
            }
        }
        dispatcher.wake();
        return job;
    }

    /**
     * Queues one job per parameter set, all in one atomic step, in the order of the sets; each set is
     * merged over the request's common params. Returns the sweep's jobs.
     */
    public List<Job> submitSweep(SubmitSweepRequest request) {
        JobSpec spec = validated(request.bundleDigest(), request.project(), request.command(), request.spec());
        if (request.paramSets().isEmpty() || request.paramSets().size() > MAX_SWEEP_JOBS) {
            throw new InvalidSubmissionException("paramSets: a sweep needs 1 to " + MAX_SWEEP_JOBS
                    + " parameter sets, got " + request.paramSets().size());
        }
        Instant now = clock.instant();
        String sweepId = JobIds.next(now);
        List<String> ids = JobIds.sequence(now, request.paramSets().size());
        long firstPosition = store.reservePositions(ids.size());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> params = new LinkedHashMap<>(request.params());
            params.putAll(request.paramSets().get(i));
            jobs.add(Job.queued(ids.get(i), sweepId, request.project(), request.command(), params, spec,
                    request.bundleDigest(), firstPosition + i * JobStore.POSITION_GAP, now));
        }
        if (request.idempotencyKey() == null) {
            store.insertAll(jobs);
        } else {
            String queued = store.insertOnce(jobs, request.idempotencyKey(), sweepId);
            if (!queued.equals(sweepId)) {
                return list(new JobFilter(null, queued, null));
            }
        }
        dispatcher.wake();
        return jobs;
    }

    private JobSpec validated(String bundleDigest, String project, List<String> command, JobSpec spec) {
        if (command.isEmpty()) {
            throw new InvalidSubmissionException("command: a job needs a command to run");
        }
        if (!ProjectNames.isValid(project)) {
            throw new InvalidSubmissionException("project: " + ProjectNames.invalid(project));
        }
        Double cpus = spec.requests() == null ? null : spec.requests().cpus();
        String whyNotCpus = cpus == null ? null : JobRequests.whyNotCpus(cpus);
        if (whyNotCpus != null) {
            throw new InvalidSubmissionException("spec.requests: cpus " + whyNotCpus);
        }
        specPolicy.check(spec);
        spec = withDefaultMemory(specPolicy.applied(spec));
        dispatcher.whyNeverRuns(spec.requests()).ifPresent(why -> {
            throw new InvalidSubmissionException("the job could never run on this server: " + why);
        });
        if (!bundles.contains(bundleDigest)) {
            throw new InvalidBundleException("bundleDigest: the server has no bundle " + bundleDigest
                    + "; upload it before submitting");
        }
        return withDefaults(spec);
    }

    /** The job a user named by its id or a unique start of it. */
    public Job resolve(String ref) {
        String prefix = prefixOf(ref, "job");
        List<String> matches = store.idsWithPrefix(prefix, CANDIDATES_SHOWN + 1);
        if (matches.isEmpty()) {
            // sweep ids look like job ids: say so rather than only "no job"
            sweepIdsStartingWith(prefix).stream().findFirst().ifPresent(sweep -> {
                throw JobNotFoundException.butSweep(ref, sweep);
            });
        }
        // counted only when there are more than can be shown: the rare case, and the one that needs it
        long total = matches.size() > CANDIDATES_SHOWN
                ? Math.max(matches.size(), store.countWithPrefix(prefix)) // a job deleted in between: never fewer
                : matches.size();
        String id = unique(ref, "job", matches, total, prefix);
        return store.find(id).orElseThrow(() -> new JobNotFoundException(ref));
    }

    /** The jobs the filter matches, oldest first: found in the index, then read (and checked again) in one go. */
    public List<Job> list(JobFilter filter) {
        List<String> ids = store.index().matching(filter).stream().map(IndexedJob::id).toList();
        return store.findAll(ids).stream().filter(filter::matches).toList();
    }

    /** The latest metrics and tags of each job, for tables. */
    public Map<String, JobSummary> summaries(List<Job> jobs) {
        return results.summaries(jobs.stream().map(Job::id).toList());
    }

    public JobResults results(Job job) {
        return results.results(job.id());
    }

    /** How many of the sweep's jobs are in each state, from the index in memory: no record is read. */
    public SweepCounts sweepCounts(String sweepId) {
        int[] counts = new int[JobState.values().length];
        store.index().matching(new JobFilter(null, sweepId, null)).forEach(job -> counts[job.state().ordinal()]++);
        return new SweepCounts(sweepId, counts[JobState.QUEUED.ordinal()],
                counts[JobState.STARTING.ordinal()] + counts[JobState.RUNNING.ordinal()],
                counts[JobState.COMPLETED.ordinal()], counts[JobState.FAILED.ordinal()], counts[JobState.STOPPED.ordinal()]);
    }

    /** The id of the sweep a user named by a unique start of it. */
    public String resolveSweep(String ref) {
        String prefix = prefixOf(ref, "sweep");
        return unique(ref, "sweep", sweepIdsStartingWith(prefix), prefix);
    }

    private List<String> sweepIdsStartingWith(String prefix) {
        return store.index().sweepIdsStartingWith(prefix);
    }

    /** What a user typed to name a job or sweep, as the start of an id; refused if it cannot be one. */
    private static String prefixOf(String ref, String what) {
        String prefix = ref == null ? "" : ref.toLowerCase(Locale.ROOT);
        if (!JobIds.isValidPrefix(prefix)) {
            throw new InvalidSubmissionException("'" + ref + "' is not a " + what + " id");
        }
        return prefix;
    }

    /** The one id among those that start with {@code prefix}; an exact match wins over longer ones. */
    private static String unique(String ref, String what, List<String> matches, String prefix) {
        return unique(ref, what, matches, matches.size(), prefix);
    }

    /** As above, where {@code matches} may be only the first few of {@code total}. */
    private static String unique(String ref, String what, List<String> matches, long total, String prefix) {
        if (matches.isEmpty()) {
            throw new JobNotFoundException(what, ref);
        }
        if (matches.contains(prefix)) {
            return prefix;
        }
        if (matches.size() > 1) {
            throw new AmbiguousJobIdException(ref, what, matches.subList(0, Math.min(matches.size(), CANDIDATES_SHOWN)),
                    total);
        }
        return matches.get(0);
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
        results.delete(job.id());
    }

    /**
     * The queued jobs in the order admission considers them, each with what happens to it now: about to
     * start, or why it waits.
     */
    public List<QueueEntry> queue() {
        return entries(queuePlaces(null));
    }

    /**
     * The places of the queued jobs (of one project, or all for null) in the order admission considers the whole
     * queue, with what happens to each now, made from the queue in memory: no job record is read.
     */
    public List<QueueEntry.Place> queuePlaces(String projectOrNull) {
        AdmissionPlan plan = dispatcher.explain();
        String admitted = plan.admit().isEmpty() ? "starting now" : dispatcher.whyStartsWait().orElse("starting now");
        List<QueueEntry.Place> places = new ArrayList<>();
        plan.admit().forEach(a -> places.add(new QueueEntry.Place(places.size() + 1, a.jobId(), admitted, null)));
        plan.waiting().forEach(w -> places.add(new QueueEntry.Place(places.size() + 1, w.jobId(), w.reason(), w.heldFor())));
        plan.rejected().forEach(r -> places.add(new QueueEntry.Place(places.size() + 1, r.jobId(), r.reason(), null)));
        if (projectOrNull == null) {
            return places;
        }
        QueueIndex queue = store.queueIndex();
        return places.stream().filter(place -> queue.find(place.jobId())
                .map(entry -> entry.project().equals(projectOrNull)).orElse(false)).toList();
    }

    /** The places with their jobs' records, read in one go; a job that left the queue meanwhile is left out. */
    public List<QueueEntry> entries(List<QueueEntry.Place> places) {
        Map<String, Job> byId = new HashMap<>();
        store.findAll(places.stream().map(QueueEntry.Place::jobId).toList()).forEach(job -> byId.put(job.id(), job));
        List<QueueEntry> entries = new ArrayList<>(places.size());
        for (QueueEntry.Place place : places) {
            Job job = byId.get(place.jobId());
            if (job != null && job.state() == JobState.QUEUED) {
                entries.add(new QueueEntry(place.place(), job, place.reason(), place.heldFor()));
            }
        }
        return entries;
    }

    /** Moves a queued job ahead of every other queued job of its priority. */
    public Job moveToFront(String ref) {
        Job job = queuedJob(ref);
        List<QueueIndex.Entry> peers = peersOf(job);
        if (peers.isEmpty() || peers.get(0).position() > job.queuePosition()) {
            return job;
        }
        return moveTo(job, peers.get(0).position() - JobStore.POSITION_GAP);
    }

    /** Moves a queued job to just before another queued job of the same priority. */
    public Job moveBefore(String ref, String beforeRef) {
        Job job = queuedJob(ref);
        Job target = queuedJob(beforeRef);
        if (target.id().equals(job.id())) {
            throw new InvalidSubmissionException("cannot move job " + job.id() + " before itself");
        }
        int priority = job.requests().priorityOrDefault();
        if (target.requests().priorityOrDefault() != priority) {
            throw new JobConflictException("job " + target.id() + " has priority " + target.requests().priorityOrDefault()
                    + " and job " + job.id() + " has " + priority + "; jobs move only among jobs of their priority");
        }
        List<QueueIndex.Entry> peers = peersOf(job);
        int at = peers.stream().map(QueueIndex.Entry::id).toList().indexOf(target.id());
        long after = at > 0 ? peers.get(at - 1).position() : target.queuePosition() - 2 * JobStore.POSITION_GAP;
        long position = after + (target.queuePosition() - after) / 2;
        if (position == after || position == target.queuePosition()) {
            throw new JobConflictException("no room left before job " + target.id()
                    + " after many moves there; move job " + job.id() + " --to-front or before another job");
        }
        return moveTo(job, position);
    }

    /** The other queued jobs of the job's priority, in queue order: their positions, from the queue in memory. */
    private List<QueueIndex.Entry> peersOf(Job job) {
        return store.queueIndex().ofPriority(job.requests().priorityOrDefault()).stream()
                .filter(other -> !other.id().equals(job.id())).toList();
    }

    private Job moveTo(Job job, long position) {
        try {
            Job moved = store.update(job, current -> current.movedTo(position));
            dispatcher.wake();
            return moved;
        } catch (IllegalJobTransitionException e) {
            throw new JobConflictException("job " + job.id() + " left the queue while it was being moved");
        }
    }

    private Job queuedJob(String ref) {
        Job job = resolve(ref);
        if (job.state() != JobState.QUEUED) {
            throw new JobConflictException("job " + job.id() + " is " + job.state().wireName()
                    + "; only queued jobs can be moved");
        }
        return job;
    }

    /**
     * Stops every queued job the filter matches; returns the ids it stopped. The jobs come from the queue in
     * memory, and the store stops them without reading their records (each only if still queued as it was).
     */
    public List<String> clearQueue(JobFilter filter) {
        List<JobStore.QueuedRef> queued = store.queueIndex().inQueueOrder().stream()
                .filter(entry -> filter.matches(entry.project(), entry.sweepId(), JobState.QUEUED))
                .map(entry -> new JobStore.QueuedRef(entry.id(), entry.version())).toList();
        return store.stopQueued(queued, "removed from the queue by clear-queue", clock.instant());
    }

    /** Stops every unfinished job of a sweep; finished ones are left as they are. */
    public BulkResult stopSweep(String ref) {
        return forEachOfSweep(resolveSweep(ref), job -> {
            if (job.state().isFinished()) {
                return "already " + job.state().wireName();
            }
            stop(job.id());
            return null;
        });
    }

    /** Deletes every finished job of a sweep; unfinished ones are left, with the reason. */
    public BulkResult deleteSweep(String ref) {
        return forEachOfSweep(resolveSweep(ref), job -> {
            if (!job.state().isFinished()) {
                return job.state().wireName() + "; stop it first";
            }
            delete(job.id());
            return null;
        });
    }

    /** Applies {@code action} to each job of the sweep; a non-null answer is why that job was skipped. */
    private BulkResult forEachOfSweep(String sweepId, java.util.function.Function<Job, String> action) {
        List<String> done = new ArrayList<>();
        List<BulkResult.Skipped> skipped = new ArrayList<>();
        for (Job job : list(new JobFilter(null, sweepId, null))) {
            String why;
            try {
                why = action.apply(job);
            } catch (JobConflictException | JobNotFoundException e) {
                why = e.getMessage(); // it changed meanwhile
            }
            if (why == null) {
                done.add(job.id());
            } else {
                skipped.add(new BulkResult.Skipped(job.id(), why));
            }
        }
        return new BulkResult(done, skipped);
    }

    /**
     * The server's memory limit for a job that sets none, in its record: admission counts it, as it counts a
     * limit the job set, and the job keeps it whichever server's settings later run it.
     */
    private JobSpec withDefaultMemory(JobSpec spec) {
        if (defaultMemory == null || spec.requests().memoryBytes() != null) {
            return spec;
        }
        return spec.withRequests(spec.requests().withMemoryBytes(defaultMemory.bytes()));
    }

    private JobSpec withDefaults(JobSpec spec) {
        if (spec.image() != null && !spec.image().isBlank()) {
            return spec;
        }
        return spec.withImage(defaultImage);
    }
}
