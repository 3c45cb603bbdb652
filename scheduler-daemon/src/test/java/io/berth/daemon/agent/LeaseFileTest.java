package io.berth.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseFileTest {
    @TempDir
    Path dataDir;

    @Test
    void whatTheAgentWritesTheWatchReadsAsItWas() {
        LeaseFile lease = new LeaseFile("gpu-1", 4242, Duration.ofSeconds(30), 7, Duration.ofMillis(22_400),
                1_765_000_000_000L);
        lease.write(dataDir);
        assertThat(LeaseFile.read(dataDir)).contains(lease);
        assertThat(dataDir.resolve("lease.partial")).as("replaced in one step").doesNotExist();
    }

    @Test
    void containersStopAQuarterOfTheLeaseBeforeTheHeadGivesTheirJobsAway() {
        assertThat(LeaseFile.fenceAfter(Duration.ofSeconds(30))).isEqualTo(Duration.ofMillis(22_500));
        assertThat(LeaseFile.fenceAfter(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(7_500));
        assertThat(LeaseWatch.checkEvery(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(250));
        assertThat(LeaseWatch.checkEvery(Duration.ofMinutes(5))).as("at most a second").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLeaseReadLateHasLessLeft() {
        LeaseFile lease = new LeaseFile("gpu-1", 1, Duration.ofSeconds(10), 1, Duration.ofMillis(7_500), 100_000);
        assertThat(lease.left(100_000)).isEqualTo(Duration.ofMillis(7_500));
        assertThat(lease.left(101_200)).as("read 1.2 s after it was written").isEqualTo(Duration.ofMillis(6_300));
        assertThat(lease.left(99_000)).as("a clock set back takes nothing off").isEqualTo(Duration.ofMillis(7_500));
    }

    @Test
    void noLeaseOrAnUnreadableOneIsNone() throws Exception {
        assertThat(LeaseFile.read(dataDir)).isEmpty();
        Files.writeString(dataDir.resolve(LeaseFile.FILE_NAME), "agent=gpu-1\nagent_pid=twelve\n");
        assertThat(LeaseFile.read(dataDir)).isEmpty();
    }

    @Test
    void anAgentRunsWhileItHoldsItsLock() {
        assertThat(AgentLock.held(dataDir)).isFalse();
        try (AgentLock held = AgentLock.hold(dataDir)) {
            assertThat(AgentLock.held(dataDir)).isTrue();
        }
        assertThat(AgentLock.held(dataDir)).as("let go as the agent stops").isFalse();
    }
}
