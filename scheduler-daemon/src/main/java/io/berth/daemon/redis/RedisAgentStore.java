package io.berth.daemon.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.cluster.AgentRecord;
import io.berth.daemon.cluster.AgentStore;
import io.berth.daemon.core.JobStoreException;
import io.berth.wire.WireJson;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/** The head's agents in one Redis hash: name to the agent's record as JSON. */
public final class RedisAgentStore implements AgentStore {
    private static final ObjectMapper JSON = WireJson.mapper();

    private final UnifiedJedis redis;
    private final String key;

    public RedisAgentStore(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.key = keys.agents();
    }

    @Override
    public Optional<AgentRecord> find(String name) {
        try {
            return Optional.ofNullable(redis.hget(key, name)).map(json -> read(name, json));
        } catch (JedisException e) {
            throw new JobStoreException("cannot read agent " + name + " from Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(AgentRecord agent) {
        try {
            redis.hset(key, agent.name(), JSON.writeValueAsString(agent));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("agent " + agent.name() + " cannot be written as JSON", e);
        } catch (JedisException e) {
            throw new JobStoreException("cannot write agent " + agent.name() + " to Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public List<AgentRecord> all() {
        Map<String, String> all;
        try {
            all = redis.hgetAll(key);
        } catch (JedisException e) {
            throw new JobStoreException("cannot read the agents from Redis: " + e.getMessage(), e);
        }
        return all.entrySet().stream().map(entry -> read(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(AgentRecord::name)).toList();
    }

    private static AgentRecord read(String name, String json) {
        try {
            return JSON.readValue(json, AgentRecord.class);
        } catch (JsonProcessingException e) {
            throw new JobStoreException("agent " + name + ": its record in Redis does not read: " + e.getOriginalMessage(), e);
        }
    }
}
