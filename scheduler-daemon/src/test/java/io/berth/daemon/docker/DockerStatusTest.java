package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockerStatusTest {
    @Test
    void readsTheEnginesFinishTimeToTheNanosecond() {
        assertThat(DockerStatus.finishedAt("2026-11-22T10:00:01.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-22T10:00:01.123456789Z"));
    }

    @Test
    void aContainerThatHasNotFinishedOrATimeItCannotReadHasNone() {
        assertThat(DockerStatus.finishedAt("0001-01-01T00:00:00Z")).isNull();
        assertThat(DockerStatus.finishedAt(null)).isNull();
        assertThat(DockerStatus.finishedAt("")).isNull();
        assertThat(DockerStatus.finishedAt("yesterday")).isNull();
    }
}
