package io.berth.daemon.redis;

import java.util.Objects;

/**
 * Every Redis key Berth uses, and nowhere else: one prefix lets several daemons (or tests) share a
 * Redis without seeing each other's jobs.
 *
 * <ul>
 *   <li>{@code <prefix>:job:<id>}: a hash with {@code version}, {@code state} (wire name) and
 *       {@code json} (the whole job). The first two are copies the Lua scripts compare and people read. A job
 *       clear-queue stopped has {@code stopped} too ({@code "<instant> <reason>"}), applied over its json.
 *   <li>{@code <prefix>:jobs}: a sorted set of every id, all at score 0, so members sort by id, which
 *       is submission order, and ZRANGEBYLEX answers prefix lookups.
 *   <li>{@code <prefix>:queue}: a sorted set of queued ids scored by queue position; equal scores
 *       fall back to id order.
 *   <li>{@code <prefix>:queue-positions}: a counter; the last queue position handed out, in gaps.
 *   <li>{@code <prefix>:agents}: a hash of the agents that joined the server, name to record as JSON.
 *   <li>{@code <prefix>:server}: which server holds the prefix ({@code PrefixLease}); expires unless renewed.
 *   <li>{@code <prefix>:submission:<idempotency key>}: the job or sweep id a submission queued; expires.
 *   <li>{@code <prefix>:staging:<first job id>}: a set of the ids a large insert (a sweep) has written so far,
 *       before it puts them all in the index and the queue and deletes the set in one step.
 *   <li>What a job reported (see {@code RedisJobResultsStore}): {@code <prefix>:job:<id>:events-offset}
 *       (how far into its events file), {@code :metrics} (a list: every metric value in order),
 *       {@code :latest} (a hash: each metric's latest value), {@code :params}, {@code :tags} and
 *       {@code :artifacts} (hashes).
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

    /** What the submission with this idempotency key queued (a job or sweep id), for a day. */
    public String submission(String idempotencyKey) {
        return prefix + ":submission:" + idempotencyKey;
    }

    /** The ids a large insert whose first job has this id has written, until it is done. */
    public String staging(String firstJobId) {
        return prefix + ":staging:" + firstJobId;
    }

    /** What {@link #staging} keys look like, to find those an insert cut short left behind. */
    public String agents() {
        return prefix + ":agents";
    }

    public String stagingPattern() {
        return prefix + ":staging:*";
    }

    /** A counter every change to a job moves on, so a reader can tell that what it read last is still current. */
    public String jobsVersion() {
        return prefix + ":jobs-version";
    }

    /** The one server that uses this prefix, while it runs. */
    public String serverLease() {
        return prefix + ":server";
    }

    public String queuePositions() {
        return prefix + ":queue-positions";
    }

    public String eventsOffset(String id) {
        return job(id) + ":events-offset";
    }

    public String metricHistory(String id) {
        return job(id) + ":metrics";
    }

    public String latestMetrics(String id) {
        return job(id) + ":latest";
    }

    public String loggedParams(String id) {
        return job(id) + ":params";
    }

    public String tags(String id) {
        return job(id) + ":tags";
    }

    public String artifacts(String id) {
        return job(id) + ":artifacts";
    }

    /** Every key holding what the job reported, in the order the append script takes them. */
    public java.util.List<String> results(String id) {
        return java.util.List.of(eventsOffset(id), metricHistory(id), latestMetrics(id), loggedParams(id), tags(id),
                artifacts(id));
    }
}
