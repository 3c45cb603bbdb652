package io.berth.daemon.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private final RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(10), Duration.ofMillis(500),
            Duration.ofSeconds(3));

    @Test
    void aCrashIsRestartedAtOnce() {
        assertThat(backoff.afterExit(Duration.ofSeconds(1))).isZero();
    }

    @Test
    void quickDeathsAfterARestartWaitLongerAndLongerUpToTheLimit() {
        backoff.afterExit(Duration.ofMinutes(5));
        assertThat(backoff.afterExit(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.afterFailedStart()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterExit(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.afterExit(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.afterExit(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aRunThatLastedStartsTheCountAfresh() {
        backoff.afterExit(Duration.ZERO);
        backoff.afterExit(Duration.ZERO);
        backoff.afterExit(Duration.ZERO);

        assertThat(backoff.afterExit(Duration.ofSeconds(10))).isZero();
        assertThat(backoff.afterExit(Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    }
}
