package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.ServerStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard's pages read besides job tables, over real HTTP from a server running real jobs. */
class DashboardApiIT {
    @TempDir
    static Path home;

    private static Instant beforeStart;
    private static TestDaemon daemon;
    private static TestApi api;

    @BeforeAll
    static void start() {
        beforeStart = Instant.now();
        daemon = new TestDaemon(home);
        api = daemon.api;
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void statusSaysWhenTheServerStartedForItsUptime() throws Exception {
        String body = api.send(api.request("/status")).body();
        ServerStatus status = TestApi.JSON.readValue(body, ServerStatus.class);

        assertThat(status.startedAt()).isBetween(beforeStart, Instant.now());
        assertThat(TestApi.JSON.readValue(body, Map.class).get("startedAt")).asString().endsWith("Z");
    }
}
