package io.berth.daemon.tasks;

import io.berth.daemon.core.Dispatcher;
import io.berth.daemon.core.ResultsCollector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings what running jobs report into the store while they run, so tables show it within a second. */
public final class CollectRunningResultsTask implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectRunningResultsTask.class);

    private final Dispatcher dispatcher;
    private final ResultsCollector collector;

    public CollectRunningResultsTask(Dispatcher dispatcher, ResultsCollector collector) {
        this.dispatcher = dispatcher;
        this.collector = collector;
    }

    @Override
    public void run() {
        for (String jobId : dispatcher.activeJobIds()) {
            try {
                collector.collect(jobId);
            } catch (RuntimeException e) {
                LOG.warn("job {}: could not collect its results yet: {}", jobId, e.getMessage());
            }
        }
    }
}
