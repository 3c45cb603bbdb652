package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobRequests;
import java.time.Duration;
import java.util.List;
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

    @Test
    void listsAndMapsInParamsShowAsJson() {
        assertThat(Cells.pairs(java.util.Map.of("js", java.util.Map.of("a", List.of(1, 2))), Cells::value))
                .isEqualTo("js={\"a\":[1,2]}");
        assertThat(Cells.value(List.of("x", "ü"))).isEqualTo("[\"x\",\"ü\"]");
        assertThat(Cells.value(0.1)).isEqualTo("0.1");
    }

    @Test
    void theTableShortensFractionsAndExactKeepsEveryDigit() {
        assertThat(Cells.value(0.7640641001472513)).isEqualTo("0.764064");
        assertThat(Cells.exact(0.7640641001472513)).isEqualTo("0.7640641001472513");
        assertThat(Cells.exact(1e-7)).isEqualTo("1.0E-7");
        assertThat(Cells.exact(2e23)).as("shortest, not the JDK 17's 1.9999999999999998E23").isEqualTo("2.0E23");
        assertThat(Cells.exact(3.0)).isEqualTo("3.0");
        assertThat(Cells.exact(1234567890123456789L)).isEqualTo("1234567890123456789");
        assertThat(Cells.exact(new java.math.BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(Cells.exact(List.of(0.7640641001472513, "a"))).isEqualTo("[0.7640641001472513,\"a\"]");
        assertThat(Cells.exact("a, \"quoted\" word")).isEqualTo("a, \"quoted\" word");
        assertThat(Cells.exact(true)).isEqualTo("true");
        assertThat(Cells.exact(null)).isEmpty();
    }

    @Test
    void everyDoubleReadsBackFromItsExactCell() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                assertThat(Double.parseDouble(Cells.exact(d))).isEqualTo(d);
            }
        }
    }

    @Test
    void aCommandShowsAsAShellWouldTakeItBack() {
        assertThat(Cells.command(List.of("main.py", "арг ument", "--x=ü", "it's", "", "--lr=0.1")))
                .isEqualTo("main.py 'арг ument' --x=ü 'it'\\''s' '' --lr=0.1");
    }

    @Test
    void aTimeForProgramsIsWholeWithItsOffset() {
        assertThat(Cells.isoTime(java.time.Instant.parse("2026-12-01T20:02:12Z")))
                .matches("2026-12-0[12]T\\d\\d:\\d\\d:12([+-]\\d\\d:\\d\\d|Z)");
        assertThat(Cells.isoTime(null)).isEmpty();
    }
}
