package io.berth.daemon.redis;

import io.berth.config.ConfigException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One server per Redis key prefix. Two servers on one prefix would take each other's queued jobs and fail
 * them for bundles only the other has, so a server holds {@code <prefix>:server}, naming itself, for
 * {@link #TTL} and renews it every {@link #RENEW_EVERY}; another server finds it held and refuses to start.
 * A server that crashed holds it until it lapses, except against itself: the same data directory's server
 * id takes it over at once, so a restart after a crash is not held up.
 */
public final class PrefixLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixLease.class);
    public static final Duration TTL = Duration.ofSeconds(30);
    public static final Duration RENEW_EVERY = Duration.ofSeconds(10);

    /** KEYS[1] the lease, ARGV[1] this holder, ARGV[2] its server id, ARGV[3] ttl ms: 'ok' or who holds it. */
    private static final RedisScript TAKE = new RedisScript("""
            local held = redis.call('GET', KEYS[1])
            if held and held ~= ARGV[1] and string.sub(held, 1, string.len(ARGV[2]) + 1) ~= ARGV[2] .. ' ' then
              return held
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return 'ok'
            """);
    /** KEYS[1] the lease, ARGV[1] this holder: deleted only if it is still ours. */
    private static final RedisScript RELEASE = new RedisScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final UnifiedJedis redis;
    private final String key;
    private final String holder;
    private final String serverId;
    private String lostTo;

    private PrefixLease(UnifiedJedis redis, RedisKeys keys, String serverId, String holder) {
        this.redis = redis;
        this.key = keys.serverLease();
        this.serverId = serverId;
        this.holder = serverId + " " + holder;
    }

    /**
     * @param serverId  this data directory's server id: a holder with the same one is this server before a crash
     * @param describes how another server's refusal names this one (host, pid, data directory, URL)
     * @throws ConfigException on {@code key_prefix}, naming the server that holds it
     */
    public static PrefixLease take(UnifiedJedis redis, RedisKeys keys, String serverId, String describes) {
        PrefixLease lease = new PrefixLease(redis, keys, serverId, describes);
        String answer = lease.tryTake();
        if (!"ok".equals(answer)) {
            long lapsesInMs = redis.pttl(lease.key);
            throw new ConfigException(null, null, "key_prefix", "another Berth server uses redis key prefix '"
                    + keys.prefix() + "' on this Redis: " + answer.substring(answer.indexOf(' ') + 1)
                    + ". Two servers on one prefix take each other's jobs. Stop that server, or give this one a"
                    + " key_prefix of its own" + (lapsesInMs > 0 ? " (if that server is gone, its hold lapses within "
                    + (lapsesInMs + 999) / 1000 + " s)" : ""));
        }
        return lease;
    }

    private String tryTake() {
        Object answer = TAKE.run(redis, List.of(key), List.of(holder, serverId, Long.toString(TTL.toMillis())));
        return String.valueOf(answer);
    }

    /**
     * Renews it (periodic). Should another server have taken it meanwhile (this one could not reach Redis for
     * longer than {@link #TTL}), says so in the log once; it takes the lease back when that one's lapses.
     */
    public synchronized void renew() {
        try {
            String answer = tryTake();
            if ("ok".equals(answer)) {
                if (lostTo != null) {
                    LOG.info("holds redis key prefix '{}' again", key);
                    lostTo = null;
                }
            } else if (!answer.equals(lostTo)) {
                lostTo = answer;
                LOG.error("another server holds this server's redis key prefix ({}: {}): two servers on one prefix"
                        + " take each other's jobs; stop one, or give it a key_prefix of its own in server.yaml",
                        key, answer.substring(answer.indexOf(' ') + 1));
            }
        } catch (JedisException e) {
            // Redis away: RedisHealthTask says so; the lease is renewed once it answers
        }
    }

    @Override
    public void close() {
        try {
            RELEASE.run(redis, List.of(key), List.of(holder));
        } catch (JedisException e) {
            // it lapses by itself
        }
    }
}
