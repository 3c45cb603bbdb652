/**
 * Redis adapters: {@link io.berth.daemon.redis.RedisJobStore} (the {@code JobStore} port, with its key
 * layout in {@link io.berth.daemon.redis.RedisKeys}), the connection pool
 * ({@link io.berth.daemon.redis.RedisConnection}) and the bundled server used when no
 * {@code redis_url} is configured ({@link io.berth.daemon.redis.EmbeddedRedis}).
 */
package io.berth.daemon.redis;
