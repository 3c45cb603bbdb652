package io.berth.daemon.redis;

/**
 * The Lua scripts behind every change to a job. Redis runs a script with nothing interleaved, so a
 * job's hash, the index and the queue change together or not at all. Redis does not undo a script
 * that fails halfway, so each one checks its condition before its first write, and the Java side
 * passes only arguments that cannot make a write fail (scores come from {@link Long#toString}).
 *
 * <p>Queue membership is decided in Java: the last argument is the queue score, or "" for "not queued".
 * Every script that writes moves the jobs' version counter on (see {@link RedisKeys#jobsVersion()}).
 */
final class JobScripts {

    /**
     * Inserts one or more jobs (a sweep) all together or not at all, once per idempotency key. KEYS: index,
     * queue, the key's record, the jobs' version, then each job's hash. ARGV: what to record under the key ('' for no key), how
     * many seconds to keep it, then five per job: id, version, state, json, queue score or "". Returns what
     * an earlier insert recorded under the key, having written nothing; else 0, having written nothing, if
     * any of the ids exists; else 1.
     */
    static final RedisScript INSERT = new RedisScript("""
            if ARGV[1] ~= '' then
              local earlier = redis.call('GET', KEYS[3])
              if earlier then
                return earlier
              end
            end
            for i = 5, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                return 0
              end
            end
            for i = 5, #KEYS do
              local a = (i - 5) * 5 + 2
              redis.call('HSET', KEYS[i], 'version', ARGV[a + 2], 'state', ARGV[a + 3], 'json', ARGV[a + 4])
              redis.call('ZADD', KEYS[1], 0, ARGV[a + 1])
              if ARGV[a + 5] ~= '' then
                redis.call('ZADD', KEYS[2], ARGV[a + 5], ARGV[a + 1])
              end
            end
            if ARGV[1] ~= '' then
              redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
            end
            redis.call('INCR', KEYS[4])
            return 1
            """);

    /**
     * The first step of a large insert ({@code RedisJobStore}), once per batch: writes the jobs' hashes and lists
     * their ids in the staging set, where nothing reads them. KEYS: the staging set, then each job's hash. ARGV:
     * four per job: id, version, state, json. Returns 0, having written nothing, if any of the ids exists; else 1.
     */
    static final RedisScript STAGE = new RedisScript("""
            for i = 2, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                return 0
              end
            end
            for i = 2, #KEYS do
              local a = (i - 2) * 4
              redis.call('HSET', KEYS[i], 'version', ARGV[a + 2], 'state', ARGV[a + 3], 'json', ARGV[a + 4])
              redis.call('SADD', KEYS[1], ARGV[a + 1])
            end
            return 1
            """);

    /**
     * The last step of a large insert: puts every staged id in the index and the queue at once (the moment the
     * jobs exist for readers), records the idempotency key, and drops the staging set. KEYS: index, queue, the
     * key's record, the jobs' version, the staging set. ARGV: what to record under the key ('' for no key), how
     * many seconds to keep it, then two per job: id, queue score or "". Returns what an earlier insert recorded
     * under the key, having written nothing; else 1.
     */
    static final RedisScript COMMIT_STAGED = new RedisScript("""
            if ARGV[1] ~= '' then
              local earlier = redis.call('GET', KEYS[3])
              if earlier then
                return earlier
              end
            end
            for i = 3, #ARGV, 2 do
              redis.call('ZADD', KEYS[1], 0, ARGV[i])
              if ARGV[i + 1] ~= '' then
                redis.call('ZADD', KEYS[2], ARGV[i + 1], ARGV[i])
              end
            end
            if ARGV[1] ~= '' then
              redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
            end
            redis.call('INCR', KEYS[4])
            redis.call('DEL', KEYS[5])
            return 1
            """);

    /**
     * KEYS: job hash, queue, the jobs' version. ARGV: id, expected version, version, state, json, queue score or "".
     * Returns 0, having written nothing, unless the stored version is the expected one.
     */
    static final RedisScript REPLACE = new RedisScript("""
            if redis.call('HGET', KEYS[1], 'version') ~= ARGV[2] then
              return 0
            end
            redis.call('HSET', KEYS[1], 'version', ARGV[3], 'state', ARGV[4], 'json', ARGV[5])
            redis.call('HDEL', KEYS[1], 'stopped')
            if ARGV[6] == '' then
              redis.call('ZREM', KEYS[2], ARGV[1])
            else
              redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1])
            end
            redis.call('INCR', KEYS[3])
            return 1
            """);

    /**
     * Stops queued jobs without rewriting their JSON: each one still queued at its expected version gets the next
     * version, the state {@code stopped} and the field {@code stopped} ("<instant> <reason>"), which readers apply
     * over its JSON ({@code RedisJobStore}), and leaves the queue. KEYS: queue, the jobs' version, then each job's
     * hash. ARGV: the {@code stopped} value, then two per job: id, expected version. Returns the ids stopped.
     */
    static final RedisScript STOP_QUEUED = new RedisScript("""
            local stopped = {}
            for i = 3, #KEYS do
              local a = (i - 3) * 2 + 2
              local version = redis.call('HGET', KEYS[i], 'version')
              if version == ARGV[a + 1] and redis.call('HGET', KEYS[i], 'state') == 'queued' then
                redis.call('HSET', KEYS[i], 'version', tostring(tonumber(version) + 1), 'state', 'stopped',
                           'stopped', ARGV[1])
                redis.call('ZREM', KEYS[1], ARGV[a])
                stopped[#stopped + 1] = ARGV[a]
              end
            end
            if #stopped > 0 then
              redis.call('INCR', KEYS[2])
            end
            return stopped
            """);

    /** KEYS: job hash, index, queue, the jobs' version. ARGV: id, expected version. Returns 0, having written nothing, on a version mismatch. */
    static final RedisScript DELETE = new RedisScript("""
            if redis.call('HGET', KEYS[1], 'version') ~= ARGV[2] then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            redis.call('INCR', KEYS[4])
            return 1
            """);

    private JobScripts() {}
}
