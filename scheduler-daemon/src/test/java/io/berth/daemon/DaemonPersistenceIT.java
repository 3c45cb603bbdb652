package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.redis.EmbeddedRedis;
import io.berth.daemon.redis.RedisConnection;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a server restart, and which Redis the server uses. */
class DaemonPersistenceIT {
    @TempDir
    Path home;

    @Test
    void finishedJobsTheirLogsAndArchivesSurviveARestartOnTheEmbeddedRedis() throws Exception {
        String id;
        try (BerthDaemon first = BerthDaemon.start(TestApi.config(home, null), "test")) {
            TestApi api = new TestApi(first.port());
            String digest = api.upload(Map.of("main.py", "print('kept across restarts')\n"));
            id = api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, null)).id();
            assertThat(api.logs(id, true)).contains("kept across restarts");
        }
        try (BerthDaemon second = BerthDaemon.start(TestApi.config(home, null), "test")) {
            TestApi api = new TestApi(second.port());
            JobView job = api.job(id);
            assertThat(job.state()).isEqualTo("completed");
            assertThat(api.logs(id, false)).contains("kept across restarts");
            assertThat(api.send(api.request("/jobs/" + id + "/archive")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withRedisUrlTheServerUsesThatRedisAndStartsNoneOfItsOwn() throws Exception {
        EmbeddedRedis external = new EmbeddedRedis(0, home.resolve("external-redis"), EmbeddedRedis.Fsync.EVERYSEC);
        external.start();
        try (BerthDaemon daemon = BerthDaemon.start(TestApi.config(home, URI.create(external.url())), "test");
             RedisConnection redis = RedisConnection.open(external.url())) {
            TestApi api = new TestApi(daemon.port());
            String digest = api.upload(Map.of("main.py", "print(1)\n"));
            JobView job = api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, null));
            assertThat(redis.jedis().exists("berth:job:" + job.id())).isTrue();
            assertThat(home.resolve("data/redis")).doesNotExist();
            api.logs(job.id(), true);
        } finally {
            external.stop();
        }
    }
}
