package io.berth.daemon.redis;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.JobStoreContract;
import io.berth.daemon.core.JobStoreException;
import io.berth.daemon.core.TestJobs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/** The store contract against a real redis-server, plus what only Redis can get wrong: its keys. */
class RedisJobStoreIT extends JobStoreContract {
    @TempDir
    static Path dataDir;
    private static TestRedis redis;
    private static final AtomicInteger stores = new AtomicInteger();

    private RedisKeys keys;

    @BeforeAll
    static void startRedis() {
        redis = new TestRedis(dataDir);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** A fresh key prefix per store: the tests share one server without seeing each other's jobs. */
    @Override
    protected RedisJobStore store() {
        keys = new RedisKeys("test" + stores.incrementAndGet());
        return new RedisJobStore(jedis(), keys);
    }

    @Test
    void aQueuedJobIsAHashAnIndexEntryAndAQueueEntry() {
        RedisJobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);

        assertThat(keys.job(job.id())).isEqualTo(keys.prefix() + ":job:" + job.id());
        assertThat(jedis().hgetAll(keys.job(job.id())))
                .containsEntry("version", "1")
                .containsEntry("state", "queued")
                .containsKey("json");
        assertThat(jedis().zscore(keys.jobIndex(), job.id())).isEqualTo(0.0);
        assertThat(jedis().zscore(keys.queue(), job.id())).isEqualTo((double) job.queuePosition());
    }

    @Test
    void claimingTakesTheJobOutOfTheQueueInTheSameStepThatRecordsIt() {
        RedisJobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);

        assertThat(store.replace(job, job.claimed())).isTrue();

        assertThat(jedis().zscore(keys.queue(), job.id())).isNull();
        assertThat(jedis().hget(keys.job(job.id()), "state")).isEqualTo("starting");
        assertThat(jedis().hget(keys.job(job.id()), "version")).isEqualTo("2");
        assertThat(jedis().zscore(keys.jobIndex(), job.id())).isEqualTo(0.0);
    }

    @Test
    void aStaleReplaceLeavesEveryKeyAsItWas() {
        RedisJobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        Job claimed = job.claimed();
        store.replace(job, claimed);
        RawKeys before = raw(job.id());

        assertThat(store.replace(job, job.stopped("late", Instant.now()))).isFalse();
        assertThat(store.replace(claimed.withStopRequested(), claimed.started("c", Instant.now()))).isFalse();

        assertThat(raw(job.id())).isEqualTo(before);
    }

    @Test
    void aStaleDeleteLeavesEveryKeyAsItWas() {
        RedisJobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        store.replace(job, job.claimed());
        RawKeys before = raw(job.id());

        assertThat(store.delete(job)).isFalse();

        assertThat(raw(job.id())).isEqualTo(before);
    }

    @Test
    void insertingAnExistingIdOverwritesNothing() {
        RedisJobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        store.replace(job, job.claimed());
        RawKeys before = raw(job.id());

        assertThatThrownBy(() -> store.insert(job)).hasMessageContaining(job.id());

        assertThat(raw(job.id())).isEqualTo(before);
        assertThat(store.queue()).isEmpty();
    }

    @Test
    void aSweepLargerThanABatchIsQueuedWholeInOrderAndLeavesNoStagingBehind() {
        RedisJobStore store = store();
        List<Job> sweep = TestJobs.aQueuedSweep(RedisJobStore.INSERT_BATCH * 2 + 1);

        store.insertAll(sweep);

        assertThat(store.queue()).containsExactlyElementsOf(sweep.stream().map(Job::id).toList());
        assertThat(store.findAll(List.of(sweep.get(0).id(), sweep.get(sweep.size() - 1).id())))
                .containsExactly(sweep.get(0), sweep.get(sweep.size() - 1));
        assertThat(jedis().zcard(keys.jobIndex())).isEqualTo(sweep.size());
        assertThat(jedis().keys(keys.stagingPattern())).isEmpty();
    }

    @Test
    void aLargeInsertWhoseLastBatchClashesLeavesNothingOfItsEarlierBatches() {
        RedisJobStore store = store();
        List<Job> sweep = TestJobs.aQueuedSweep(RedisJobStore.INSERT_BATCH + 10);
        Job last = sweep.get(sweep.size() - 1);
        store.insert(last);

        assertThatThrownBy(() -> store.insertAll(sweep)).hasMessageContaining("already exists");

        assertThat(store.find(sweep.get(0).id())).as("a job of the first batch").isEmpty();
        assertThat(store.all()).containsExactly(last);
        assertThat(jedis().keys(keys.stagingPattern())).isEmpty();
    }

    @Test
    void aLargeInsertWithAKeyAlreadyUsedInsertsNothingAndNamesTheFirst() {
        RedisJobStore store = store();
        assertThat(store.insertOnce(TestJobs.aQueuedSweep(3), "key-big", "first-sweep")).isEqualTo("first-sweep");
        List<Job> retry = TestJobs.aQueuedSweep(RedisJobStore.INSERT_BATCH + 1);

        assertThat(store.insertOnce(retry, "key-big", "second-sweep")).isEqualTo("first-sweep");

        assertThat(store.find(retry.get(0).id())).isEmpty();
        assertThat(store.queue()).hasSize(3);
        assertThat(jedis().keys(keys.stagingPattern())).isEmpty();
    }

    @Test
    void theNextStartDropsWhatAnInsertCutShortLeftStaged() {
        RedisJobStore store = store();
        Job kept = aQueuedJob();
        store.insert(kept);
        // what a server stopped between a large insert's batches leaves: hashes listed in a staging set only
        Job staged = aQueuedJob();
        jedis().hset(keys.job(staged.id()), Map.of("version", "1", "state", "queued", "json", "{}"));
        jedis().sadd(keys.staging(staged.id()), staged.id());

        assertThat(store.dropUnfinishedInserts()).isEqualTo(1);

        assertThat(jedis().exists(keys.job(staged.id()))).isFalse();
        assertThat(jedis().keys(keys.stagingPattern())).isEmpty();
        assertThat(store.all()).containsExactly(kept);
        assertThat(store.dropUnfinishedInserts()).isZero();
    }

    @Test
    void scriptsStillRunAfterRedisForgetsThem() {
        RedisJobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        jedis().scriptFlush();

        assertThat(store.replace(job, job.claimed())).isTrue();
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.STARTING);
    }

    @Test
    void storesUnderDifferentPrefixesDoNotSeeEachOther() {
        RedisJobStore one = store();
        RedisJobStore other = store();
        Job job = aQueuedJob();
        one.insert(job);

        assertThat(other.find(job.id())).isEmpty();
        assertThat(other.all()).isEmpty();
        assertThat(other.queue()).isEmpty();
        assertThat(other.idsWithPrefix(job.id(), 10)).isEmpty();
    }

    @Test
    void allReadsManyJobsInIndexOrder() {
        RedisJobStore store = store();
        List<Job> jobs = Stream.generate(TestJobs::aQueuedJob).limit(1_200).toList();
        jobs.forEach(store::insert);

        assertThat(store.all()).isEqualTo(jobs);
    }

    @Test
    void anUnreadableRecordIsReportedWithItsId() {
        RedisJobStore store = store();
        Job job = aQueuedJob();
        store.insert(job);
        jedis().hset(keys.job(job.id()), "json", "{not json");

        assertThatThrownBy(() -> store.find(job.id()))
                .isInstanceOf(JobStoreException.class)
                .hasMessageContaining(job.id());
    }

    @Test
    void anUnreachableRedisFailsWithTheJobAndTheOperationNamed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (RedisConnection nowhere = RedisConnection.open("redis://127.0.0.1:" + closedPort)) {
            RedisJobStore store = new RedisJobStore(nowhere.jedis(), RedisKeys.withDefaultPrefix());
            Job job = aQueuedJob();

            assertThatThrownBy(() -> store.insert(job))
                    .isInstanceOf(JobStoreException.class)
                    .hasMessageContaining("insert job " + job.id());
            assertThatThrownBy(nowhere::ping).isInstanceOf(JobStoreException.class).hasMessageContaining(String.valueOf(closedPort));
        }
    }

    private static UnifiedJedis jedis() {
        return redis.jedis();
    }

    /** Everything Redis holds about one job, read without going through the store. */
    private record RawKeys(Map<String, String> hash, List<Tuple> index, List<Tuple> queue) {}

    private RawKeys raw(String id) {
        return new RawKeys(jedis().hgetAll(keys.job(id)),
                jedis().zrangeWithScores(keys.jobIndex(), 0, -1),
                jedis().zrangeWithScores(keys.queue(), 0, -1));
    }
}
