package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.ConfigException;
import io.berth.config.ServerConfig;
import io.berth.daemon.redis.EmbeddedRedis;
import io.berth.daemon.redis.RedisConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers sharing one real Redis: one per key prefix; a second on the same prefix refuses to start. */
class PrefixLeaseIT {
    @TempDir
    static Path dir;
    private static EmbeddedRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis(0, dir.resolve("redis"), EmbeddedRedis.Fsync.EVERYSEC);
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    private static ServerConfig server(String home, String prefix) {
        return new ServerConfig("127.0.0.1", 0, URI.create(redis.url()), 0, "everysec", dir.resolve(home + "/data"), 2,
                ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), prefix, null);
    }

    private static int answers(BerthDaemon daemon) throws Exception {
        TestApi api = new TestApi(daemon.port());
        return api.send(api.request("/status")).statusCode();
    }

    @Test
    void aSecondServerOnTheSamePrefixRefusesToStartNamingTheFirstAndTheKey() throws Exception {
        try (BerthDaemon first = BerthDaemon.start(server("first", "shared"), "test")) {
            assertThatThrownBy(() -> BerthDaemon.start(server("second", "shared"), "test"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("key_prefix")
                    .hasMessageContaining("another Berth server uses redis key prefix 'shared'")
                    .hasMessageContaining("data in " + dir.resolve("first/data"))
                    .hasMessageContaining("give this one a key_prefix of its own");
            assertThat(dir.resolve("second/data/jobs")).doesNotExist();

            try (BerthDaemon other = BerthDaemon.start(server("second", "other"), "test")) {
                assertThat(answers(other)).isEqualTo(200);
            }
            assertThat(answers(first)).as("the first runs on").isEqualTo(200);
        }
        try (BerthDaemon second = BerthDaemon.start(server("second", "shared"), "test")) {
            assertThat(second.port()).as("free once the first stopped").isPositive();
        }
    }

    @Test
    void aServerThatCrashedTakesItsPrefixBackAtOnceWhenItStartsAgain() throws Exception {
        try (RedisConnection connection = RedisConnection.open(redis.url())) {
            // what a server killed with SIGKILL leaves: its hold, 30 s from lapsing
            BerthDaemon crashed = BerthDaemon.start(server("crashed", "again"), "test");
            String held = connection.jedis().get("again:server");
            crashed.close();
            connection.jedis().psetex("again:server", 30_000, held);

            try (BerthDaemon restarted = BerthDaemon.start(server("crashed", "again"), "test")) {
                assertThat(connection.jedis().get("again:server")).startsWith(held.substring(0, held.indexOf(' ')));
            }
            assertThat(connection.jedis().exists("again:server")).as("released at a clean stop").isFalse();
        }
    }
}
