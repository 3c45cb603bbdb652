package io.berth.daemon.tasks;

import io.berth.daemon.core.BundleStore;
import io.berth.daemon.core.ContainerRuntime;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobIds;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.JobStore;
import io.berth.daemon.core.ManagedContainer;
import io.berth.daemon.core.Workspace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what no live job needs: containers Berth labelled whose job is gone, finished or on another
 * attempt; dependency installs no start on this server is waiting for (a killed server's); job directories of finished or deleted jobs; files of deleted jobs; bundles no job refers
 * to; and, with a retention set, archives older than it. A live job (queued, starting or running) is
 * never touched: its container, directory and bundle are all kept.
 */
public final class LeftoverSweeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverSweeper.class);
    /** A bundle no job refers to yet may be one a client just uploaded and is about to submit. */
    static final Duration BUNDLE_GRACE = Duration.ofHours(1);

    private final JobStore store;
    private final ContainerRuntime runtime;
    private final Workspace workspace;
    private final BundleStore bundles;
    private final Supplier<Set<String>> runningHere;
    private final Duration archiveRetention;
    private final Clock clock;
    private Set<String> unreferencedLastTime = Set.of();

    /**
     * @param runningHere      the jobs this server is running now (their containers are never removed)
     * @param archiveRetention archives older than this are removed; null keeps them
     */
    public LeftoverSweeper(JobStore store, ContainerRuntime runtime, Workspace workspace, BundleStore bundles,
                           Supplier<Set<String>> runningHere, Duration archiveRetention, Clock clock) {
        this.store = store;
        this.runtime = runtime;
        this.workspace = workspace;
        this.bundles = bundles;
        this.runningHere = runningHere;
        this.archiveRetention = archiveRetention;
        this.clock = clock;
    }

    /** What one sweep removed. */
    public record Swept(int containers, int jobDirs, int deletedJobsFiles, int bundles, int archives) {
        int total() {
            return containers + jobDirs + deletedJobsFiles + bundles + archives;
        }
    }

    @Override
    public void run() {
        try {
            Swept swept = sweep();
            if (swept.total() > 0) {
                LOG.info("removed leftovers: {} container(s), {} job director(ies), files of {} deleted job(s), "
                                + "{} bundle(s), {} archive(s) past retention", swept.containers(), swept.jobDirs(),
                        swept.deletedJobsFiles(), swept.bundles(), swept.archives());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove leftovers this time: {}", e.getMessage(), e);
        }
    }

    /**
     * What a sweep needs of a job, kept for every job while it runs: a hundred thousand whole jobs would take
     * hundreds of megabytes. The digest is shared between the jobs of a sweep.
     */
    private record Seen(JobState state, int attempt, String bundleDigest) {
        static Seen of(Job job) {
            return new Seen(job.state(), job.attempt(), job.bundleDigest().intern());
        }
    }

    public synchronized Swept sweep() {
        // containers first, and the jobs read after listing them: a container listed before its job was
        // recorded as started would otherwise look like an orphan
        List<ManagedContainer> containers = runtime.listManaged();
        Map<String, Seen> jobs = new HashMap<>();
        store.forEachJob(job -> jobs.put(job.id(), Seen.of(job)));
        Set<String> running = runningHere.get();
        return new Swept(removeContainers(containers, jobs, running), releaseJobDirs(jobs),
                deleteFilesOfDeletedJobs(jobs), deleteBundles(jobs), deleteOldArchives(jobs));
    }

    private int removeContainers(List<ManagedContainer> containers, Map<String, Seen> jobs, Set<String> running) {
        int removed = 0;
        for (ManagedContainer container : containers) {
            if (container.jobId() == null) {
                continue; // an install from before installs named their job: no telling whether it is live
            }
            Seen job = jobs.get(container.jobId());
            if (job == null && !container.claimed()) {
                continue; // made before servers named theirs: a job this server does not know may be another's
            }
            boolean live = container.dependencyInstall()
                    // an install goes on only while this server is starting that attempt
                    ? running.contains(container.jobId()) && job != null && job.state() == JobState.STARTING
                            && job.attempt() == container.attempt()
                    : running.contains(container.jobId())
                            || job != null && job.state().isActive() && job.attempt() == container.attempt();
            if (!live) {
                runtime.remove(container.containerId());
                removed++;
            }
        }
        return removed;
    }

    private int releaseJobDirs(Map<String, Seen> jobs) {
        int released = 0;
        for (Map.Entry<String, Seen> job : jobs.entrySet()) {
            if (job.getValue().state().isFinished() && workspace.hasJobDir(job.getKey())) {
                workspace.release(job.getKey());
                released++;
            }
        }
        return released;
    }

    private int deleteFilesOfDeletedJobs(Map<String, Seen> jobs) {
        int deleted = 0;
        for (String id : workspace.jobIdsWithFiles()) {
            // read again: a job submitted after the listing above has files but was not in it
            if (!jobs.containsKey(id) && JobIds.isValidPrefix(id) && store.find(id).isEmpty()) {
                workspace.delete(id);
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * A bundle goes when no job has referred to it at two sweeps in a row: a job submitted while one
     * sweep runs is seen by the next, so its bundle is never taken from under it.
     */
    private int deleteBundles(Map<String, Seen> jobs) {
        Set<String> referenced = new HashSet<>();
        jobs.values().forEach(job -> referenced.add(job.bundleDigest()));
        Instant graceStart = clock.instant().minus(BUNDLE_GRACE);
        Set<String> unreferenced = new HashSet<>();
        int deleted = 0;
        for (Map.Entry<String, Instant> bundle : bundles.stored().entrySet()) {
            if (referenced.contains(bundle.getKey()) || !bundle.getValue().isBefore(graceStart)) {
                continue;
            }
            if (unreferencedLastTime.contains(bundle.getKey())) {
                bundles.delete(bundle.getKey());
                deleted++;
            } else {
                unreferenced.add(bundle.getKey());
            }
        }
        unreferencedLastTime = unreferenced;
        return deleted;
    }

    private int deleteOldArchives(Map<String, Seen> jobs) {
        if (archiveRetention == null) {
            return 0;
        }
        Instant oldest = clock.instant().minus(archiveRetention);
        int deleted = 0;
        for (Map.Entry<String, Seen> job : jobs.entrySet()) {
            if (job.getValue().state().isFinished()
                    && workspace.archivedAt(job.getKey()).filter(at -> at.isBefore(oldest)).isPresent()) {
                workspace.deleteArchive(job.getKey());
                deleted++;
            }
        }
        return deleted;
    }
}
