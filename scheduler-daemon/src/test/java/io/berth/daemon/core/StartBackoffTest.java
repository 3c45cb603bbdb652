package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StartBackoffTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private Instant now = T0;
    private double random;
    private final StartBackoff backoff = new StartBackoff(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, () -> random, StartBackoff.FIRST, StartBackoff.LONGEST);

    @Test
    void waitsDoubleFromASecondToTwoMinutes() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(backoff::wait).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 120L, 120L, 120L);
        assertThat(backoff.wait(1000)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void jitterShortensAWaitByUpToAQuarter() {
        random = 0.999;
        assertThat(backoff.wait(4)).isEqualTo(Duration.ofMillis(6002));
        assertThat(backoff.wait(20)).isBetween(Duration.ofSeconds(90), Duration.ofMinutes(2));
    }

    @Test
    void aFailedStartHoldsStartsUntilItsWaitEnds() {
        assertThat(backoff.holds()).isFalse();
        assertThat(backoff.hold()).isEmpty();

        backoff.failed("its network bridge is missing");
        assertThat(backoff.holds()).isTrue();
        assertThat(backoff.hold().orElseThrow().reason(now))
                .isEqualTo("the Docker engine failed to start a container (its network bridge is missing); next try in 1 s");

        now = T0.plusSeconds(1);
        assertThat(backoff.holds()).isFalse();
        assertThat(backoff.hold().orElseThrow().reason(now)).endsWith("; trying again now");
    }

    @Test
    void eachFailureInARowWaitsLongerAndAStartThatWorksEndsTheBackoff() {
        backoff.failed("broken pipe");
        now = now.plusSeconds(1);
        backoff.failed("broken pipe");
        now = now.plusSeconds(2);
        backoff.failed("broken pipe");
        assertThat(backoff.hold().orElseThrow().nextTry()).isEqualTo(now.plusSeconds(4));
        assertThat(backoff.hold().orElseThrow().failures()).isEqualTo(3);

        backoff.worked();
        assertThat(backoff.hold()).isEmpty();
        backoff.failed("broken pipe");
        assertThat(backoff.hold().orElseThrow().nextTry()).isEqualTo(now.plusSeconds(1));
    }

    @Test
    void startsUnderWayWhenTheHoldBeganDoNotLengthenIt() {
        assertThat(backoff.failed("connection reset")).isTrue();
        assertThat(backoff.failed("connection reset")).isFalse();
        assertThat(backoff.failed("connection reset")).isFalse();
        assertThat(backoff.hold().orElseThrow().failures()).isEqualTo(1);
        assertThat(backoff.hold().orElseThrow().nextTry()).isEqualTo(T0.plusSeconds(1));
    }
}
