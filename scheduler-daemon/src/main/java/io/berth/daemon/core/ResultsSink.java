package io.berth.daemon.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What collecting a running job's results needs of where they are kept ({@link ResultsCollector}): the head's
 * {@link JobResultsStore}, or, on an agent, the head's reached over HTTP. Results arrive in batches read from a
 * job's events file; each batch is stored together with the file offset it ends at, in one atomic step, so that
 * a batch is stored once even if two collectors (or a collector before and after a restart) read the same lines.
 */
public interface ResultsSink {

    /** How far into the job's events file the stored results reach (0 if nothing was stored). */
    long offset(String jobId);

    /**
     * Stores {@code events} and moves the offset from {@code fromOffset} to {@code toOffset}, unless the
     * stored offset is no longer {@code fromOffset}; then changes nothing and returns false.
     */
    boolean append(String jobId, long fromOffset, long toOffset, List<JobEvent> events);

    /** Latest metrics and tags of each job, for tables; jobs with none map to {@link JobSummary#NONE}. */
    Map<String, JobSummary> summaries(Collection<String> jobIds);

    void delete(String jobId);
}
