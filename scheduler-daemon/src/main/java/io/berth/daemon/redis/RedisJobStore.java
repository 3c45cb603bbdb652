package io.berth.daemon.redis;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.JobStore;
import io.berth.daemon.core.JobStoreException;
import io.berth.wire.Idempotency;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link JobStore} in Redis, laid out as {@link RedisKeys} describes. Every change is one Lua
 * script from {@link JobScripts}, so no reader ever sees a job in one state and the queue in another.
 */
public final class RedisJobStore implements JobStore {
    /** Jobs read per pipeline round trip by {@link #readJobs}. */
    private static final int BATCH = 500;
    private static final String JSON = "json";
    /** Jobs written per script call by an insert; a larger one is staged ({@link #insertStaged}). */
    static final int INSERT_BATCH = 2_000;
    /** Jobs stopped per call by {@link #stopQueued}: a call holds Redis for about a millisecond per 200. */
    private static final int STOP_BATCH = 5_000;
    /** A hash field {@link JobScripts#STOP_QUEUED} writes, applied over the job's JSON when read. */
    private static final String STOPPED = "stopped";

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final JobJson json = new JobJson();

    public RedisJobStore(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void insertAll(List<Job> jobs) {
        insert(jobs, "", "");
    }

    @Override
    public String insertOnce(List<Job> jobs, String idempotencyKey, String recordAs) {
        Object earlier = insert(jobs, idempotencyKey, recordAs);
        return earlier instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : earlier instanceof String text ? text : recordAs;
    }

    /** Runs the insert; returns its answer (1, or what an earlier insert recorded under the key). */
    private Object insert(List<Job> jobs, String idempotencyKey, String recordAs) {
        if (jobs.size() > INSERT_BATCH) {
            return insertStaged(jobs, idempotencyKey, recordAs);
        }
        List<String> scriptKeys = new ArrayList<>(List.of(keys.jobIndex(), keys.queue(), keys.submission(idempotencyKey),
                keys.jobsVersion()));
        List<String> args = new ArrayList<>(List.of(recordAs, Long.toString(Idempotency.REMEMBERED_FOR_SECONDS)));
        for (Job job : jobs) {
            scriptKeys.add(keys.job(job.id()));
            args.addAll(List.of(job.id(), version(job), job.state().wireName(), json.write(job), queueScore(job)));
        }
        String what = jobs.size() == 1 ? "insert job " + jobs.get(0).id() : "insert " + jobs.size() + " jobs";
        Object answer = call(what, () -> JobScripts.INSERT.run(redis, scriptKeys, args));
        if (isZero(answer)) {
            throw idClash(what);
        }
        return answer;
    }

    /**
     * A large insert (a sweep of up to 100,000 jobs), which one script would make Redis parse and run for
     * seconds, with tens of megabytes in flight: the jobs' hashes are written {@link #INSERT_BATCH} at a time and
     * listed in a staging set, where nothing reads them (readers go through the index); then one script puts every
     * id in the index and the queue at once. That is the moment the jobs are queued, all of them. An insert cut
     * short leaves the staging set and its hashes behind, for {@link #dropUnfinishedInserts} at the next start.
     */
    private Object insertStaged(List<Job> jobs, String idempotencyKey, String recordAs) {
        String what = "insert " + jobs.size() + " jobs";
        String staging = keys.staging(jobs.get(0).id());
        try {
            for (int from = 0; from < jobs.size(); from += INSERT_BATCH) {
                List<Job> batch = jobs.subList(from, Math.min(jobs.size(), from + INSERT_BATCH));
                List<String> scriptKeys = new ArrayList<>(batch.size() + 1);
                scriptKeys.add(staging);
                List<String> args = new ArrayList<>(batch.size() * 4);
                for (Job job : batch) {
                    scriptKeys.add(keys.job(job.id()));
                    args.addAll(List.of(job.id(), version(job), job.state().wireName(), json.write(job)));
                }
                if (isZero(call(what, () -> JobScripts.STAGE.run(redis, scriptKeys, args)))) {
                    throw idClash(what);
                }
            }
            List<String> args = new ArrayList<>(jobs.size() * 2 + 2);
            args.addAll(List.of(recordAs, Long.toString(Idempotency.REMEMBERED_FOR_SECONDS)));
            for (Job job : jobs) {
                args.add(job.id());
                args.add(queueScore(job));
            }
            Object answer = call(what, () -> JobScripts.COMMIT_STAGED.run(redis, List.of(keys.jobIndex(), keys.queue(),
                    keys.submission(idempotencyKey), keys.jobsVersion(), staging), args));
            if (!Long.valueOf(1).equals(answer)) {
                dropStaged(staging); // an earlier insert with the same key counts
            }
            return answer;
        } catch (RuntimeException e) {
            try {
                dropStaged(staging);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the next start drops it
            }
            throw e;
        }
    }

    /**
     * Deletes what inserts cut short (a crash, Redis gone mid-way) left in staging sets: hashes no reader ever saw.
     * Call when the server starts, before anything is inserted. Returns how many jobs' hashes it deleted.
     */
    public int dropUnfinishedInserts() {
        List<String> stagings = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String at = cursor;
            ScanResult<String> page = call("look for unfinished inserts",
                    () -> redis.scan(at, new ScanParams().match(keys.stagingPattern()).count(1_000)));
            stagings.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        int dropped = 0;
        for (String staging : stagings) {
            dropped += dropStaged(staging);
        }
        return dropped;
    }

    /** Deletes a staging set and the hashes it lists (only ones its own insert wrote: it checked first). */
    private int dropStaged(String staging) {
        List<String> ids = List.copyOf(call("read " + staging, () -> redis.smembers(staging)));
        for (int from = 0; from < ids.size(); from += INSERT_BATCH) {
            String[] hashes = ids.subList(from, Math.min(ids.size(), from + INSERT_BATCH)).stream().map(keys::job)
                    .toArray(String[]::new);
            call("delete the jobs of " + staging, () -> redis.del(hashes));
        }
        call("delete " + staging, () -> redis.del(staging));
        return ids.size();
    }

    /** Ids carry 30 random bits per millisecond; a clash is a bug, not a condition to handle. */
    private static IllegalStateException idClash(String what) {
        return new IllegalStateException("cannot " + what + ": a job with one of these ids already exists");
    }

    @Override
    public Optional<Job> find(String id) {
        List<String> stored = call("read job " + id, () -> redis.hmget(keys.job(id), JSON, STOPPED));
        return Optional.ofNullable(stored.get(0)).map(text -> job(id, text, stored.get(1)));
    }

    @Override
    public List<Job> findAll(List<String> ids) {
        return readJobs("read " + ids.size() + " jobs", ids);
    }

    @Override
    public List<String> idsWithPrefix(String prefix, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        byte[] from = lexFrom(prefix);
        List<byte[]> ids = call("look up jobs starting with " + prefix,
                () -> redis.zrangeByLex(keys.jobIndex().getBytes(StandardCharsets.UTF_8), from, lexTo(from), 0, limit));
        return ids.stream().map(id -> new String(id, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public long countWithPrefix(String prefix) {
        byte[] from = lexFrom(prefix);
        return call("count jobs starting with " + prefix,
                () -> redis.zlexcount(keys.jobIndex().getBytes(StandardCharsets.UTF_8), from, lexTo(from)));
    }

    private static byte[] lexFrom(String prefix) {
        return ("[" + prefix).getBytes(StandardCharsets.UTF_8);
    }

    /** 0xFF sorts after every byte of an id, so [prefix .. [prefix\xff spans exactly the ids starting with it. */
    private static byte[] lexTo(byte[] from) {
        byte[] to = new byte[from.length + 1];
        System.arraycopy(from, 0, to, 0, from.length);
        to[from.length] = (byte) 0xFF;
        return to;
    }

    @Override
    public List<Job> all() {
        return readJobs("list jobs", call("list jobs", () -> redis.zrange(keys.jobIndex(), 0, -1)));
    }

    /** A page of the index at a time: a million jobs are never all in memory at once. */
    @Override
    public void forEachJob(Consumer<Job> each) {
        for (long from = 0; ; from += BATCH) {
            long start = from;
            List<String> ids = call("list jobs", () -> redis.zrange(keys.jobIndex(), start, start + BATCH - 1));
            readJobs("list jobs", ids).forEach(each);
            if (ids.size() < BATCH) {
                return;
            }
        }
    }

    @Override
    public List<String> queue() {
        return call("read the queue", () -> redis.zrange(keys.queue(), 0, -1));
    }

    @Override
    public long reservePositions(int count) {
        long last = call("reserve queue positions", () -> redis.incrBy(keys.queuePositions(), count));
        return (last - count + 1) * POSITION_GAP;
    }

    @Override
    public boolean replace(Job current, Job next) {
        String id = current.id();
        if (!next.id().equals(id)) {
            throw new IllegalArgumentException("cannot replace job " + id + " with job " + next.id());
        }
        Object replaced = call("update job " + id, () -> JobScripts.REPLACE.run(redis,
                List.of(keys.job(id), keys.queue(), keys.jobsVersion()),
                List.of(id, version(current), version(next), next.state().wireName(), json.write(next),
                        queueScore(next))));
        return !isZero(replaced);
    }

    /** One Lua call per {@link #STOP_BATCH} jobs, writing no JSON: see {@link JobScripts#STOP_QUEUED}. */
    @Override
    public List<String> stopQueued(List<QueuedRef> jobs, String why, Instant at) {
        String stoppedValue = at + " " + why;
        List<String> stopped = new ArrayList<>();
        for (int from = 0; from < jobs.size(); from += STOP_BATCH) {
            List<QueuedRef> batch = jobs.subList(from, Math.min(jobs.size(), from + STOP_BATCH));
            List<String> scriptKeys = new ArrayList<>(batch.size() + 2);
            scriptKeys.addAll(List.of(keys.queue(), keys.jobsVersion()));
            List<String> args = new ArrayList<>(batch.size() * 2 + 1);
            args.add(stoppedValue);
            for (QueuedRef ref : batch) {
                scriptKeys.add(keys.job(ref.id()));
                args.add(ref.id());
                args.add(Long.toString(ref.version()));
            }
            Object answer = call("stop " + batch.size() + " queued jobs",
                    () -> JobScripts.STOP_QUEUED.run(redis, scriptKeys, args));
            for (Object id : (List<?>) answer) {
                stopped.add(id instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : id.toString());
            }
        }
        return stopped;
    }

    /** A job's record as read: its JSON, with a stop written by {@link #stopQueued} applied over it. */
    private Job job(String id, String jsonText, String stoppedValue) {
        Job job = json.read(id, jsonText);
        if (stoppedValue == null) {
            return job;
        }
        int space = stoppedValue.indexOf(' ');
        return job.stopped(stoppedValue.substring(space + 1), Instant.parse(stoppedValue.substring(0, space)));
    }

    @Override
    public boolean delete(Job current) {
        String id = current.id();
        Object deleted = call("delete job " + id, () -> JobScripts.DELETE.run(redis,
                List.of(keys.job(id), keys.jobIndex(), keys.queue(), keys.jobsVersion()),
                List.of(id, version(current))));
        return !isZero(deleted);
    }

    /** The jobs with these ids, in this order, read in pipelined batches; ids deleted meanwhile are left out. */
    private List<Job> readJobs(String what, List<String> ids) {
        List<Job> jobs = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            List<List<String>> records = call(what, () -> readRecords(batch));
            for (int i = 0; i < batch.size(); i++) {
                List<String> record = records.get(i);
                if (record.get(0) != null) {
                    jobs.add(job(batch.get(i), record.get(0), record.get(1)));
                }
            }
        }
        return jobs;
    }

    /** Each job's JSON and stop (null for none), in one pipelined round trip. */
    private List<List<String>> readRecords(List<String> ids) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            List<Response<List<String>>> replies = ids.stream().map(id -> pipeline.hmget(keys.job(id), JSON, STOPPED))
                    .toList();
            pipeline.sync();
            return replies.stream().map(Response::get).toList();
        }
    }

    /** Queued jobs wait at their queue position (exact as a Redis score below 2^53); others are out of the queue. */
    private static String queueScore(Job job) {
        return job.state() == JobState.QUEUED ? Long.toString(job.queuePosition()) : "";
    }

    private static String version(Job job) {
        return Long.toString(job.version());
    }

    private static boolean isZero(Object scriptResult) {
        return Long.valueOf(0).equals(scriptResult);
    }

    /** The adapter boundary: a driver failure leaves here as a JobStoreException saying what was being done. */
    private static <T> T call(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new JobStoreException("redis could not " + what + ": " + e.getMessage(), e);
        }
    }
}
