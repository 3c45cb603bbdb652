package io.berth.daemon.tasks;

import io.berth.daemon.core.JobStoreException;
import io.berth.daemon.redis.RedisConnection;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the server's log when Redis stops answering and when it is back. The server does not die
 * meanwhile: the dispatcher tries again at its next wake-up, runners hold finished jobs until their
 * ends can be recorded, and the client gets an error it can retry.
 */
public final class RedisHealthTask implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisHealthTask.class);

    private final RedisConnection redis;
    private Instant downSince;

    public RedisHealthTask(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public synchronized void run() {
        try {
            redis.ping();
            if (downSince != null) {
                LOG.info("redis at {} answers again, after {} s; carrying on", redis.url(),
                        Duration.between(downSince, Instant.now()).toSeconds());
                downSince = null;
            }
        } catch (JobStoreException e) {
            if (downSince == null) {
                downSince = Instant.now();
                LOG.warn("redis at {} does not answer: {}; submissions fail and jobs' ends wait until it is back",
                        redis.url(), e.getMessage());
            }
        }
    }

    /** Whether the last check found Redis answering. */
    public synchronized boolean up() {
        return downSince == null;
    }
}
