package io.berth.daemon.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobStoreException;
import io.berth.wire.WireJson;

/**
 * A job as stored in Redis: the wire's JSON mapping, so times are ISO-8601 with their nanoseconds
 * and params come back as Jackson read them from the request (0.1 as Double, 3 as Integer, nested
 * objects as maps). A value that did not come from JSON may not survive: a Float returns a Double.
 */
final class JobJson {
    private final ObjectMapper mapper = WireJson.mapper();

    String write(Job job) {
        try {
            return mapper.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new JobStoreException("cannot encode job " + job.id() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    Job read(String id, String json) {
        try {
            return mapper.readValue(json, Job.class);
        } catch (JsonProcessingException e) {
            throw new JobStoreException("job " + id + " in redis is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
