package io.berth.daemon.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.core.JobEvent;
import io.berth.daemon.core.JobResultsStore;
import io.berth.daemon.core.JobResultsStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results contract against a real redis-server, plus the history cap. */
class RedisJobResultsStoreIT extends JobResultsStoreContract {
    @TempDir
    static Path dataDir;
    private static TestRedis redis;
    private static final AtomicInteger stores = new AtomicInteger();

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

    @Override
    protected JobResultsStore store() {
        return new RedisJobResultsStore(redis.jedis(), new RedisKeys("results" + stores.incrementAndGet()));
    }

    @Test
    void historyKeepsTheNewestValuesUpToTheCap() {
        JobResultsStore store = store();
        int total = RedisJobResultsStore.HISTORY_CAP + 10;
        List<JobEvent> points = java.util.stream.IntStream.range(0, total)
                .mapToObj(i -> new JobEvent(JobEvent.Kind.METRIC, "loss", i, (long) i, Instant.EPOCH, null, null))
                .toList();
        store.append("job", 0, 1, points);
        var history = store.results("job").metrics().get("loss");
        assertThat(history).hasSize(RedisJobResultsStore.HISTORY_CAP);
        assertThat(history.get(0).step()).isEqualTo(10);
        assertThat(store.results("job").latestMetrics()).containsEntry("loss", total - 1);
    }
}
