package io.berth.daemon.redis;

import static io.berth.daemon.core.TestJobs.aQueuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.ConfigException;
import io.berth.daemon.core.Job;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class EmbeddedRedisIT {
    @TempDir
    Path dir;
    private final List<EmbeddedRedis> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(EmbeddedRedis::stop);
    }

    @Test
    void jobsSurviveARestartOnTheSameDirectory() {
        Job job = aQueuedJob();
        EmbeddedRedis redis = started(0, dir, EmbeddedRedis.Fsync.EVERYSEC);
        try (RedisConnection connection = RedisConnection.open(redis.url())) {
            new RedisJobStore(connection.jedis(), RedisKeys.withDefaultPrefix()).insert(job);
        }
        redis.stop();

        EmbeddedRedis again = started(0, dir, EmbeddedRedis.Fsync.EVERYSEC);
        try (RedisConnection connection = RedisConnection.open(again.url())) {
            RedisJobStore store = new RedisJobStore(connection.jedis(), RedisKeys.withDefaultPrefix());
            assertThat(store.find(job.id())).contains(job);
            assertThat(store.queue()).containsExactly(job.id());
        }
    }

    @Test
    void aStartWaitsUntilRedisHasLoadedALargeAppendOnlyFile() {
        EmbeddedRedis redis = started(0, dir, EmbeddedRedis.Fsync.EVERYSEC);
        String value = "x".repeat(1_000);
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            var pipeline = jedis.pipelined();
            for (int i = 0; i < 150_000; i++) { // about what 100,000 queued jobs take, loaded in a second or two
                pipeline.set("big:" + i, value);
            }
            pipeline.sync();
        }
        redis.stop();

        EmbeddedRedis again = started(0, dir, EmbeddedRedis.Fsync.EVERYSEC);
        try (RedisConnection connection = RedisConnection.open(again.url())) {
            assertThat(connection.jedis().get("big:149999")).as("answered at once, not LOADING").isEqualTo(value);
        }
    }

    @Test
    void aKilledRedisServerIsRestartedOnItsPortFromItsAppendOnlyFile() throws Exception {
        Job job = aQueuedJob();
        EmbeddedRedis redis = started(0, dir, EmbeddedRedis.Fsync.ALWAYS);
        int port = redis.port();
        CountDownLatch restarted = new CountDownLatch(1);
        redis.onRestart(restarted::countDown);
        try (RedisConnection connection = RedisConnection.open(redis.url())) {
            RedisJobStore store = new RedisJobStore(connection.jedis(), RedisKeys.withDefaultPrefix());
            store.insert(job);
            long pid = Long.parseLong(Files.readString(dir.resolve("redis.pid")).trim());

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            assertThat(restarted.await(10, TimeUnit.SECONDS)).as("restarted within 10 s").isTrue();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(Long.parseLong(Files.readString(dir.resolve("redis.pid")).trim())).isNotEqualTo(pid);
            connection.dropIdleConnections();
            assertThat(store.find(job.id())).contains(job);
        }
    }

    @Test
    void aStoppedRedisServerIsNotRestarted() throws Exception {
        EmbeddedRedis redis = started(0, dir, EmbeddedRedis.Fsync.EVERYSEC);
        int port = redis.port();
        redis.onRestart(() -> { throw new AssertionError("restarted after a stop"); });
        redis.stop();
        Thread.sleep(500);
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void persistsToAnAppendOnlyFileInItsDataDirectoryWhichItCreates() {
        Path dataDir = dir.resolve("not/yet/there");
        EmbeddedRedis redis = started(0, dataDir, EmbeddedRedis.Fsync.ALWAYS);
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "yes");
            assertThat(jedis.configGet("appendfsync")).containsEntry("appendfsync", "always");
            assertThat(jedis.configGet("dir")).containsEntry("dir", dataDir.toAbsolutePath().toString());
        }
        assertThat(dataDir.resolve("appendonly.aof")).exists();
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        EmbeddedRedis redis = started(0, dir, EmbeddedRedis.Fsync.EVERYSEC);
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            assertThat(jedis.configGet("bind")).containsEntry("bind", "127.0.0.1");
        }
        Optional<InetAddress> external = aNonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), redis.port()), 2_000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aTakenPortIsNamedInTheError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedRedis redis = new EmbeddedRedis(taken.getLocalPort(), dir, EmbeddedRedis.Fsync.EVERYSEC);
            servers.add(redis);
            assertThatThrownBy(redis::start)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("embedded_redis_port: port " + taken.getLocalPort());
        }
    }

    @Test
    void refusesADirectoryThatARunningServerStillUses() {
        started(0, dir, EmbeddedRedis.Fsync.EVERYSEC);
        EmbeddedRedis second = new EmbeddedRedis(0, dir, EmbeddedRedis.Fsync.EVERYSEC);
        servers.add(second);

        assertThatThrownBy(second::start)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("data_dir: ")
                .hasMessageContaining("of another running Berth server uses " + dir.toAbsolutePath());
    }

    private EmbeddedRedis started(int port, Path dataDir, EmbeddedRedis.Fsync fsync) {
        EmbeddedRedis redis = new EmbeddedRedis(port, dataDir, fsync);
        servers.add(redis);
        redis.start();
        return redis;
    }

    private static Optional<InetAddress> aNonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }
}
