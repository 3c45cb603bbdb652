package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuantitiesTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void memoryTakesTheLargestBinaryUnitWithOneDecimalAtMost() {
        assertThat(Quantities.memory(0)).isEqualTo("0");
        assertThat(Quantities.memory(512)).isEqualTo("512b");
        assertThat(Quantities.memory(1024)).isEqualTo("1k");
        assertThat(Quantities.memory(512 * MIB)).isEqualTo("512m");
        assertThat(Quantities.memory(8 * GIB)).isEqualTo("8g");
        assertThat(Quantities.memory(3 * GIB / 2)).isEqualTo("1.5g");
        assertThat(Quantities.memory((long) (23.4 * GIB))).isEqualTo("23.4g");
        assertThat(Quantities.memory(1024 * GIB)).isEqualTo("1t");
    }

    @Test
    void cpusKeepTwoDecimalsAtMostAndCountsSayCpuOrCpus() {
        assertThat(Quantities.cpus(2.0)).isEqualTo("2");
        assertThat(Quantities.cpus(1.5)).isEqualTo("1.5");
        assertThat(Quantities.cpus(1.0 / 3)).isEqualTo("0.33");
        assertThat(Quantities.cpusCounted(1)).isEqualTo("1 CPU");
        assertThat(Quantities.cpusCounted(0.5)).isEqualTo("0.5 CPUs");
        assertThat(Quantities.gpusCounted(1)).isEqualTo("1 GPU");
        assertThat(Quantities.gpusCounted(2)).isEqualTo("2 GPUs");
    }
}
