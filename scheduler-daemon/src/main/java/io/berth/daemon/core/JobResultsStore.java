package io.berth.daemon.core;

import java.util.Collection;
import java.util.Map;

/** Where what jobs report is kept, and read back for results pages and sorted tables. */
public interface JobResultsStore extends ResultsSink {

    JobResults results(String jobId);

    /**
     * The latest value of one metric, logged param or tag ({@code kind}) of each job that has it, for sorting
     * tables by it, or the {@code ArtifactView} of one artifact; jobs without it are left out.
     */
    Map<String, Object> latestValues(Collection<String> jobIds, JobEvent.Kind kind, String key);
}
