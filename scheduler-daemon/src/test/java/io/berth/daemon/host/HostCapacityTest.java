package io.berth.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.config.MemorySize;
import io.berth.config.SchedulingConfig;
import io.berth.daemon.core.admission.Capacity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostCapacityTest {
    private static final String NVIDIA_SMI = """
            0, GPU-1111aaaa-0000-0000-0000-000000000000
            1, GPU-2222bbbb-0000-0000-0000-000000000000
            2, GPU-3333cccc-0000-0000-0000-000000000000
            """;
    private static final List<GpuIds.Gpu> THREE = GpuIds.parse(NVIDIA_SMI);

    private static SchedulingConfig config(Double cpus, MemorySize memory, SchedulingConfig.Gpus gpus) {
        return new SchedulingConfig(cpus, memory, gpus, Duration.ofMinutes(30), 3, 4096, null, null, null);
    }

    @Test
    void nvidiaSmiOutputIsReadAsIndexAndUuid() {
        assertThat(THREE).extracting(GpuIds.Gpu::index).containsExactly("0", "1", "2");
        assertThat(THREE.get(1).uuid()).isEqualTo("GPU-2222bbbb-0000-0000-0000-000000000000");
        assertThat(GpuIds.parse("")).isEmpty();
    }

    @Test
    void autoTakesEveryGpuNarrowedByCudaVisibleDevicesAsCudaDoes() {
        assertThat(GpuIds.visible(THREE, null)).containsExactly("0", "1", "2");
        assertThat(GpuIds.visible(THREE, "2,0")).containsExactly("2", "0");
        assertThat(GpuIds.visible(THREE, "GPU-2222")).containsExactly("1");
        assertThat(GpuIds.visible(THREE, "0,7,1")).as("CUDA stops at the first unknown entry").containsExactly("0");
        assertThat(GpuIds.visible(THREE, "")).isEmpty();
        assertThat(GpuIds.visible(THREE, "-1")).isEmpty();
    }

    @Test
    void cudaVisibleDevicesMayNameMigDevicesAndGpusInMigModeAreHandedOutAsTheirMigDevices() {
        List<GpuIds.Gpu> gpus = GpuIds.parse("""
                GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a77)
                  MIG 3g.20gb     Device  0: (UUID: MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f)
                  MIG 3g.20gb     Device  1: (UUID: MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb)
                GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-6e6cb1e7-0000-0000-0000-000000000000)
                """);
        assertThat(GpuIds.visible(gpus, "MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb"))
                .containsExactly("MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb");
        assertThat(GpuIds.visible(gpus, "MIG-cba663e8,1")).containsExactly("MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb", "1");
        assertThat(GpuIds.visible(gpus, "0")).containsExactly("MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f",
                "MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb");
        assertThat(GpuIds.visible(gpus, "GPU-6e6cb1e7")).containsExactly("1");
    }

    @Test
    void csvListingsWithThePciBusIdAreReadToo() {
        assertThat(GpuIds.parse("0, GPU-1111aaaa-0000, 00000000:17:00.0\n1, GPU-2222bbbb-0000, 00000000:65:00.0\n"))
                .containsExactly(new GpuIds.Gpu("0", "GPU-1111aaaa-0000"), new GpuIds.Gpu("1", "GPU-2222bbbb-0000"));
    }

    @Test
    void configuredAmountsWinOverTheHostsAndListedGpusAreTakenAsGiven() {
        Capacity capacity = HostCapacity.of(3, config(2.5, new MemorySize(8L << 30), SchedulingConfig.Gpus.of(List.of("7", "9"))),
                () -> THREE, Map.of("CUDA_VISIBLE_DEVICES", "0"));
        assertThat(capacity).isEqualTo(new Capacity(3, 2500, 8L << 30, List.of("7", "9")));
    }

    @Test
    void unsetAmountsAreTheHostsAndAutoGpusComeFromNvidiaSmi() {
        Capacity capacity = HostCapacity.of(4, config(null, null, SchedulingConfig.Gpus.AUTO), () -> THREE,
                Map.of("CUDA_VISIBLE_DEVICES", "1,2"));
        assertThat(capacity.milliCpus()).isEqualTo(Runtime.getRuntime().availableProcessors() * 1000L);
        assertThat(capacity.memoryBytes()).isGreaterThan(64L << 20);
        assertThat(capacity.gpuIds()).containsExactly("1", "2");
        assertThat(HostCapacity.of(4, config(null, null, SchedulingConfig.Gpus.AUTO), List::of, Map.of()).gpuIds())
                .isEmpty();
    }
}
