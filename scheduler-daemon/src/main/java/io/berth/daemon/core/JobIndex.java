package io.berth.daemon.core;

import io.berth.wire.ProjectView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Every job in memory as an {@link IndexedJob}, in id (= submission) order, so that job tables filter, sort
 * and count a hundred thousand jobs without reading them from the store. Filled once from the store and kept
 * current by {@link IndexedJobStore}, through which every write goes. Reads take no lock and see each job as
 * one of its versions.
 */
public final class JobIndex {
    private final IdOrderedJobs jobs = new IdOrderedJobs();

    /** Records each job, or its next version. */
    void putAll(Collection<Job> versions) {
        NavigableMap<String, UnaryOperator<IndexedJob>> changes = new TreeMap<>();
        for (Job job : versions) {
            IndexedJob next = IndexedJob.of(job);
            changes.put(job.id(), old -> next);
        }
        jobs.apply(changes);
    }

    /** Records that queued jobs were stopped at {@code at}, without their new versions at hand. */
    void stopped(Collection<String> ids, Instant at) {
        NavigableMap<String, UnaryOperator<IndexedJob>> changes = new TreeMap<>();
        for (String id : ids) {
            changes.put(id, old -> old == null ? null : old.stopped(at));
        }
        jobs.apply(changes);
    }

    void remove(String id) {
        jobs.apply(new TreeMap<>(Map.of(id, old -> null)));
    }

    public int size() {
        return jobs.size();
    }

    /** The jobs the filter matches, in id order. */
    public List<IndexedJob> matching(JobFilter filter) {
        return jobs.stream().filter(filter::matches).collect(Collectors.toCollection(ArrayList::new));
    }

    /** The ids of the sweeps that start with {@code prefix}, in id order. */
    public List<String> sweepIdsStartingWith(String prefix) {
        return jobs.stream().map(IndexedJob::sweepId).filter(id -> id != null && id.startsWith(prefix))
                .distinct().sorted().toList();
    }

    /** Each project with how many jobs it has, how many are active, and its sweeps; by name. */
    public List<ProjectView> projects() {
        Map<String, ProjectTally> tallies = new TreeMap<>();
        jobs.stream().forEach(job -> tallies.computeIfAbsent(job.project(), name -> new ProjectTally()).add(job));
        List<ProjectView> projects = new ArrayList<>();
        tallies.forEach((name, tally) -> projects.add(tally.view(name)));
        return projects;
    }

    /** One project's counts, added up job by job. */
    private static final class ProjectTally {
        private int jobs;
        private int active;
        private Instant lastSubmittedAt;
        private final Map<String, Integer> sweeps = new TreeMap<>(Comparator.reverseOrder());

        void add(IndexedJob job) {
            jobs++;
            if (!job.state().isFinished()) {
                active++;
            }
            if (lastSubmittedAt == null || job.createdAt().isAfter(lastSubmittedAt)) {
                lastSubmittedAt = job.createdAt();
            }
            if (job.sweepId() != null) {
                sweeps.merge(job.sweepId(), 1, Integer::sum);
            }
        }

        ProjectView view(String name) {
            return new ProjectView(name, jobs, active, sweeps.entrySet().stream()
                    .map(sweep -> new ProjectView.SweepCount(sweep.getKey(), sweep.getValue())).toList(), lastSubmittedAt);
        }
    }
}
