package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.daemon.redis.EmbeddedRedis;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis goes away and comes back while the server runs a job: the server does not die, refuses
 * submissions with a retryable 503 meanwhile, records the job's end once Redis is back, and the job
 * submitted before the outage is neither lost nor run twice.
 */
class RedisRestartIT {
    @TempDir
    Path home;

    @Test
    void theServerRidesOutARedisRestart() throws Exception {
        EmbeddedRedis redis = new EmbeddedRedis(0, home.resolve("redis"), EmbeddedRedis.Fsync.ALWAYS);
        redis.start();
        int port = redis.port();
        try (BerthDaemon daemon = BerthDaemon.start(TestApi.config(home, URI.create(redis.url())), "test")) {
            TestApi api = new TestApi(daemon.port());
            String digest = api.upload(Map.of("main.py", """
                    import os, time
                    print('attempt', os.environ['BERTH_ATTEMPT'], flush=True)
                    time.sleep(4)
                    print('done', flush=True)
                    """));
            JobView job = api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, null));
            await().atMost(Duration.ofSeconds(60)).until(() -> api.job(job.id()).state().equals("running"));

            redis.stop();
            HttpResponse<String> refused = api.submit(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, null));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            Thread.sleep(5000); // the job ends while Redis is away

            redis = new EmbeddedRedis(port, home.resolve("redis"), EmbeddedRedis.Fsync.ALWAYS);
            redis.start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> api.job(job.id()).state().equals("completed"));
            JobView done = api.job(job.id());
            assertThat(done.attempt()).isEqualTo(1);
            assertThat(api.logs(job.id(), false)).isEqualTo("attempt 1\ndone\n");

            JobView after = api.submitted(new SubmitJobRequest(digest, "demo", List.of("main.py"), null, null));
            assertThat(after.state()).isEqualTo("queued");
            // end it here: a server closed mid-start leaves its container for a next start this test never makes
            api.send(api.request("/jobs/" + after.id() + "/stop").POST(HttpRequest.BodyPublishers.noBody()));
            await().atMost(Duration.ofSeconds(60)).until(() -> api.job(after.id()).finished());
        } finally {
            redis.stop();
        }
    }
}
