package io.berth.daemon.core;

import io.berth.wire.ArtifactView;
import io.berth.wire.MetricPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results store for unit tests: one lock makes each call atomic, as the Redis script does. */
public final class InMemoryJobResultsStore implements JobResultsStore {
    private final Map<String, Long> offsets = new HashMap<>();
    private final Map<String, List<JobEvent>> events = new HashMap<>();

    @Override
    public synchronized long offset(String jobId) {
        return offsets.getOrDefault(jobId, 0L);
    }

    @Override
    public synchronized boolean append(String jobId, long fromOffset, long toOffset, List<JobEvent> batch) {
        if (offset(jobId) != fromOffset) {
            return false;
        }
        events.computeIfAbsent(jobId, id -> new ArrayList<>()).addAll(batch);
        offsets.put(jobId, toOffset);
        return true;
    }

    @Override
    public synchronized JobResults results(String jobId) {
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, List<MetricPoint>> metrics = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, ArtifactView> artifacts = new LinkedHashMap<>();
        for (JobEvent event : events.getOrDefault(jobId, List.of())) {
            switch (event.kind()) {
                case METRIC -> metrics.computeIfAbsent(event.key(), k -> new ArrayList<>())
                        .add(new MetricPoint(event.value(), event.step(), event.time()));
                case PARAM -> params.put(event.key(), event.value());
                case TAG -> tags.put(event.key(), String.valueOf(event.value()));
                case ARTIFACT -> artifacts.put(event.key(),
                        new ArtifactView(event.key(), event.path(), event.bytes(), event.time()));
            }
        }
        return new JobResults(params, metrics, tags, List.copyOf(artifacts.values()));
    }

    @Override
    public synchronized Map<String, JobSummary> summaries(Collection<String> jobIds) {
        Map<String, JobSummary> summaries = new LinkedHashMap<>();
        for (String id : jobIds) {
            summaries.put(id, results(id).summary());
        }
        return summaries;
    }

    @Override
    public synchronized Map<String, Object> latestValues(Collection<String> jobIds, JobEvent.Kind kind, String key) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String id : jobIds) {
            JobResults results = results(id);
            Map<String, ?> latest = switch (kind) {
                case METRIC -> results.latestMetrics();
                case PARAM -> results.loggedParams();
                case TAG -> results.tags();
                case ARTIFACT -> results.artifacts().stream().collect(java.util.stream.Collectors.toMap(
                        ArtifactView::key, artifact -> artifact));
            };
            if (latest.containsKey(key)) {
                values.put(id, latest.get(key));
            }
        }
        return values;
    }

    @Override
    public synchronized void delete(String jobId) {
        offsets.remove(jobId);
        events.remove(jobId);
    }
}
