package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobRequests;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CellsTest {
    @Test
    void anAgeIsItsLargestWholeUnit() {
        assertThat(Cells.age(Duration.ofMillis(-300))).isEqualTo("0s");
        assertThat(Cells.age(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(Cells.age(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(Cells.age(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(Cells.age(Duration.ofMinutes(4).plusSeconds(59))).isEqualTo("4m");
        assertThat(Cells.age(Duration.ofHours(2).plusMinutes(30))).isEqualTo("2h");
        assertThat(Cells.age(Duration.ofHours(47))).isEqualTo("47h");
        assertThat(Cells.age(Duration.ofDays(3).plusHours(5))).isEqualTo("3d");
    }

    @Test
    void needsListsGpusCpusAndMemoryThatWereAskedFor() {
        JobRequests none = JobRequests.none();

        assertThat(Cells.needs(none)).isEqualTo("-");
        assertThat(Cells.needs(none.withNumGpus(0))).isEqualTo("-");
        assertThat(Cells.needs(none.withNumGpus(2).withCpus(1.5).withMemoryBytes(8L << 30)))
                .isEqualTo("2 GPUs, 1.5 CPUs, 8g");
        assertThat(Cells.needs(none.withCpus(1.0))).isEqualTo("1 CPU");
        assertThat(Cells.needs(none.withMemoryBytes(512L << 20).withPriority(5))).isEqualTo("512m");
    }
}
