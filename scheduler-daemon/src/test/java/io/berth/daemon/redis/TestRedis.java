package io.berth.daemon.redis;

import java.nio.file.Path;
import redis.clients.jedis.UnifiedJedis;

/** A real redis-server (the embedded binary) on a free port for one test class, and a connection to it. */
final class TestRedis implements AutoCloseable {
    private final EmbeddedRedis server;
    private final RedisConnection connection;

    TestRedis(Path dataDir) {
        server = new EmbeddedRedis(0, dataDir, EmbeddedRedis.Fsync.NO);
        server.start();
        connection = RedisConnection.open(server.url());
    }

    UnifiedJedis jedis() {
        return connection.jedis();
    }

    @Override
    public void close() {
        connection.close();
        server.stop();
    }
}
