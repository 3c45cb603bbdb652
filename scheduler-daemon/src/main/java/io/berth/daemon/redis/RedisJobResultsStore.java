package io.berth.daemon.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.JobEvent;
import io.berth.daemon.core.JobResults;
import io.berth.daemon.core.JobResultsStore;
import io.berth.daemon.core.JobStoreException;
import io.berth.daemon.core.JobSummary;
import io.berth.wire.ArtifactView;
import io.berth.wire.MetricPoint;
import io.berth.wire.WireJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What jobs report, in the keys {@link RedisKeys#results} names. A batch and the events-file offset it
 * ends at are written by one Lua script that first checks the offset, so a batch is stored exactly once.
 * A job keeps at most {@link #HISTORY_CAP} metric values; the oldest go first.
 */
public final class RedisJobResultsStore implements JobResultsStore {
    static final int HISTORY_CAP = 100_000;
    /** Jobs whose value {@link #latestValues} asks for per pipeline round trip, so replies never pile up unbounded. */
    private static final int VALUES_BATCH = 10_000;

    /** KEYS: as RedisKeys.results. ARGV: from offset, to offset, cap, then kind, key, json for each event. */
    private static final RedisScript APPEND = new RedisScript("""
            if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then
              return 0
            end
            for i = 4, #ARGV, 3 do
              local kind, key, json = ARGV[i], ARGV[i + 1], ARGV[i + 2]
              if kind == 'metric' then
                redis.call('RPUSH', KEYS[2], json)
                redis.call('HSET', KEYS[3], key, json)
              elseif kind == 'param' then
                redis.call('HSET', KEYS[4], key, json)
              elseif kind == 'tag' then
                redis.call('HSET', KEYS[5], key, json)
              elseif kind == 'artifact' then
                redis.call('HSET', KEYS[6], key, json)
              end
            end
            redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
            redis.call('SET', KEYS[1], ARGV[2])
            return 1
            """);

    /** A metric value as stored: the point plus its key, so one list holds every metric in order. */
    private record StoredPoint(String key, Object value, long step, Instant time) {}

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final ObjectMapper json = WireJson.mapper();

    public RedisJobResultsStore(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public long offset(String jobId) {
        String offset = call("read the events offset of job " + jobId, () -> redis.get(keys.eventsOffset(jobId)));
        return offset == null ? 0 : Long.parseLong(offset);
    }

    @Override
    public boolean append(String jobId, long fromOffset, long toOffset, List<JobEvent> events) {
        List<String> args = new ArrayList<>(List.of(Long.toString(fromOffset), Long.toString(toOffset),
                Integer.toString(HISTORY_CAP)));
        for (JobEvent event : events) {
            args.add(event.kind().name().toLowerCase(java.util.Locale.ROOT));
            args.add(event.key());
            args.add(write(jobId, payload(event)));
        }
        Object stored = call("store the results of job " + jobId, () -> APPEND.run(redis, keys.results(jobId), args));
        return !Long.valueOf(0).equals(stored);
    }

    private static Object payload(JobEvent event) {
        return switch (event.kind()) {
            case METRIC -> new StoredPoint(event.key(), event.value(), event.step(), event.time());
            case PARAM, TAG -> event.value();
            case ARTIFACT -> new ArtifactView(event.key(), event.path(), event.bytes(), event.time());
        };
    }

    @Override
    public JobResults results(String jobId) {
        return call("read the results of job " + jobId, () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<List<String>> history = pipeline.lrange(keys.metricHistory(jobId), 0, -1);
                Response<Map<String, String>> params = pipeline.hgetAll(keys.loggedParams(jobId));
                Response<Map<String, String>> tags = pipeline.hgetAll(keys.tags(jobId));
                Response<Map<String, String>> artifacts = pipeline.hgetAll(keys.artifacts(jobId));
                pipeline.sync();
                Map<String, List<MetricPoint>> metrics = new LinkedHashMap<>();
                for (String text : history.get()) {
                    StoredPoint point = read(jobId, text, StoredPoint.class);
                    metrics.computeIfAbsent(point.key(), k -> new ArrayList<>())
                            .add(new MetricPoint(point.value(), point.step(), point.time()));
                }
                List<ArtifactView> artifactViews = artifacts.get().values().stream()
                        .map(text -> read(jobId, text, ArtifactView.class)).toList();
                return new JobResults(readEach(jobId, params.get(), Object.class), metrics,
                        readEach(jobId, tags.get(), String.class), artifactViews);
            }
        });
    }

    @Override
    public Map<String, JobSummary> summaries(Collection<String> jobIds) {
        return call("read the results of " + jobIds.size() + " jobs", () -> {
            Map<String, Response<Map<String, String>>> params = new LinkedHashMap<>();
            Map<String, Response<Map<String, String>>> latest = new LinkedHashMap<>();
            Map<String, Response<Map<String, String>>> tags = new LinkedHashMap<>();
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String id : jobIds) {
                    params.put(id, pipeline.hgetAll(keys.loggedParams(id)));
                    latest.put(id, pipeline.hgetAll(keys.latestMetrics(id)));
                    tags.put(id, pipeline.hgetAll(keys.tags(id)));
                }
                pipeline.sync();
            }
            Map<String, JobSummary> summaries = new LinkedHashMap<>();
            for (String id : jobIds) {
                Map<String, Object> metrics = new LinkedHashMap<>();
                readEach(id, latest.get(id).get(), StoredPoint.class).forEach((key, point) -> metrics.put(key, point.value()));
                JobSummary summary = new JobSummary(readEach(id, params.get(id).get(), Object.class), metrics,
                        readEach(id, tags.get(id).get(), String.class));
                summaries.put(id, summary.isEmpty() ? JobSummary.NONE : summary);
            }
            return summaries;
        });
    }

    @Override
    public Map<String, Object> latestValues(Collection<String> jobIds, JobEvent.Kind kind, String key) {
        List<String> ids = List.copyOf(jobIds);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += VALUES_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + VALUES_BATCH));
            List<String> stored = call("read " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + key + " of "
                    + batch.size() + " jobs", () -> hget(batch, kind, key));
            for (int i = 0; i < batch.size(); i++) {
                if (stored.get(i) != null) {
                    values.put(batch.get(i), valueOf(batch.get(i), kind, stored.get(i)));
                }
            }
        }
        return values;
    }

    private List<String> hget(List<String> ids, JobEvent.Kind kind, String key) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            List<Response<String>> replies = ids.stream().map(id -> pipeline.hget(hashOf(id, kind), key)).toList();
            pipeline.sync();
            return replies.stream().map(Response::get).toList();
        }
    }

    /** The hash that holds the latest value of each key of this kind. */
    private String hashOf(String jobId, JobEvent.Kind kind) {
        return switch (kind) {
            case METRIC -> keys.latestMetrics(jobId);
            case PARAM -> keys.loggedParams(jobId);
            case TAG -> keys.tags(jobId);
            case ARTIFACT -> keys.artifacts(jobId);
        };
    }

    private Object valueOf(String jobId, JobEvent.Kind kind, String stored) {
        return switch (kind) {
            case METRIC -> read(jobId, stored, StoredPoint.class).value();
            case PARAM -> read(jobId, stored, Object.class);
            case TAG -> read(jobId, stored, String.class);
            case ARTIFACT -> read(jobId, stored, ArtifactView.class);
        };
    }

    @Override
    public void delete(String jobId) {
        call("delete the results of job " + jobId, () -> redis.del(keys.results(jobId).toArray(String[]::new)));
    }

    private String write(String jobId, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JobStoreException("cannot encode a result of job " + jobId + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A stored hash's values read back, in its order. */
    private <T> Map<String, T> readEach(String jobId, Map<String, String> stored, Class<T> type) {
        Map<String, T> values = new LinkedHashMap<>();
        stored.forEach((key, text) -> values.put(key, read(jobId, text, type)));
        return values;
    }

    private <T> T read(String jobId, String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new JobStoreException("a stored result of job " + jobId + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T call(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new JobStoreException("redis could not " + what + ": " + e.getMessage(), e);
        }
    }
}
