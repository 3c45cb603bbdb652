package io.berth.daemon.redis;

import io.berth.daemon.core.JobStoreException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The daemon's pool of connections to one Redis. Every wait is bounded: connecting, each reply, and
 * borrowing a connection from a busy pool (whose default is to wait forever), so a dead or stuck
 * Redis surfaces as an exception instead of a hung dispatcher.
 */
public final class RedisConnection implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final int SOCKET_TIMEOUT_MILLIS = 5_000;
    private static final Duration POOL_WAIT = Duration.ofSeconds(5);
    private static final int POOL_SIZE = 16;
    /** How long a Redis that is loading its data at our start is waited for. */
    static final Duration LOADING_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final RedisUrl url;
    private final JedisPooled jedis;

    private RedisConnection(RedisUrl url, JedisPooled jedis) {
        this.url = url;
        this.jedis = jedis;
    }

    /** Connects lazily: a wrong address shows at the first command, so call {@link #ping()} at startup. */
    public static RedisConnection open(String url) {
        return open(RedisUrl.parse(url));
    }

    public static RedisConnection open(RedisUrl url) {
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                .user(url.user())
                .password(url.password())
                .database(url.database())
                .ssl(url.tls())
                .clientName("berth-daemon")
                .build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxWait(POOL_WAIT);
        return new RedisConnection(url, new JedisPooled(new HostAndPort(url.host(), url.port()), client, pool));
    }

    public UnifiedJedis jedis() {
        return jedis;
    }

    public RedisUrl url() {
        return url;
    }

    /**
     * Throws, naming the server, unless Redis answers. A Redis still loading its data (after its own restart)
     * is waited for, up to {@link #LOADING_TIMEOUT}: a hundred thousand jobs take seconds to load.
     */
    public void ping() {
        String reply;
        long deadline = System.nanoTime() + LOADING_TIMEOUT.toNanos();
        while (true) {
            try {
                reply = jedis.ping();
                break;
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("LOADING") || System.nanoTime() > deadline) {
                    throw new JobStoreException("cannot reach redis at " + url + ": " + e.getMessage(), e);
                }
                LOG.info("redis at {} is loading its data; waiting for it", url);
                pause();
            } catch (JedisException e) {
                throw new JobStoreException("cannot reach redis at " + url + ": " + e.getMessage(), e);
            }
        }
        if (!"PONG".equals(reply)) {
            throw new JobStoreException("redis at " + url + " answered PING with " + reply, null);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStoreException("interrupted while waiting for redis to load its data", e);
        }
    }

    /**
     * Closes the idle connections, so that after a restart of Redis the next commands open new ones
     * rather than fail once per dead connection.
     */
    public void dropIdleConnections() {
        jedis.getPool().clear();
    }

    @Override
    public void close() {
        jedis.close();
    }
}
