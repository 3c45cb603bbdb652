package io.berth.daemon.core;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves what a job has reported from its events file into the results store. Safe to run concurrently. */
public final class ResultsCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsCollector.class);

    private final JobEventSource source;
    private final ResultsSink results;

    public ResultsCollector(JobEventSource source, ResultsSink results) {
        this.source = source;
        this.results = results;
    }

    /** Stores every complete event the job has written so far. */
    public void collect(String jobId) {
        while (true) {
            long offset = results.offset(jobId);
            JobEventSource.Batch batch = source.read(jobId, offset);
            if (batch.nextOffset() == offset) {
                return;
            }
            if (batch.rejected() > 0) {
                LOG.warn("job {}: skipped {} line(s) of its events file that are not valid events", jobId, batch.rejected());
            }
            if (!results.append(jobId, offset, batch.nextOffset(), batch.events())) {
                return; // another collector stored this batch first
            }
        }
    }

    /** What the job has reported so far, as job tables show it: the latest value of each metric, and its tags. */
    public JobSummary summary(String jobId) {
        return results.summaries(List.of(jobId)).getOrDefault(jobId, JobSummary.NONE);
    }

    /** Drops what a lost attempt reported, so the next attempt's events file is read from its start. */
    public void forget(String jobId) {
        results.delete(jobId);
    }
}
