package io.berth.daemon.redis;

import java.util.Objects;

/**
 * Every Redis key Berth uses, and nowhere else: one prefix lets several daemons (or tests) share a
 * Redis without seeing each other's jobs.
 *
 * <ul>
 *   <li>{@code <prefix>:job:<id>}: a hash with {@code version}, {@code state} (wire name) and
 *       {@code json} (the whole job). The first two are copies the Lua scripts compare and people read.
 *   <li>{@code <prefix>:jobs}: a sorted set of every id, all at score 0, so members sort by id, which
 *       is submission order, and ZRANGEBYLEX answers prefix lookups.
 *   <li>{@code <prefix>:queue}: a sorted set of queued ids scored by creation time in epoch
 *       milliseconds; equal scores fall back to id order.
 * </ul>
 */
public record RedisKeys(String prefix) {
    public static final String DEFAULT_PREFIX = "berth";

    public RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("redis key prefix must be non-empty without spaces: '" + prefix + "'");
        }
    }

    public static RedisKeys withDefaultPrefix() {
        return new RedisKeys(DEFAULT_PREFIX);
    }

    public String job(String id) {
        return prefix + ":job:" + id;
    }

    public String jobIndex() {
        return prefix + ":jobs";
    }

    public String queue() {
        return prefix + ":queue";
    }
}
