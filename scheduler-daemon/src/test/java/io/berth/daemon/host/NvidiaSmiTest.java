package io.berth.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Berth's reading of nvidia-smi, against fake nvidia-smi scripts (the machines it is built on have no GPU). */
class NvidiaSmiTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path bin;

    @Test
    void readsTheGpusNvidiaSmiLists() throws IOException {
        Path smi = fakeNvidiaSmi("""
                [ "$1" = "-L" ] || exit 9
                echo 'GPU 0: NVIDIA GeForce RTX 4090 (UUID: GPU-1111aaaa-0000-0000-0000-000000000000)'
                echo 'GPU 1: NVIDIA GeForce RTX 3090 (UUID: GPU-2222bbbb-0000-0000-0000-000000000000)'
                """);
        assertThat(NvidiaSmi.listGpus(smi.toString(), TIMEOUT)).containsExactly(
                new GpuIds.Gpu("0", "GPU-1111aaaa-0000-0000-0000-000000000000"),
                new GpuIds.Gpu("1", "GPU-2222bbbb-0000-0000-0000-000000000000"));
    }

    @Test
    void readsMigDevicesUnderTheirGpu() throws IOException {
        Path smi = fakeNvidiaSmi("""
                cat <<'LIST'
                GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a77)
                  MIG 1g.5gb      Device  0: (UUID: MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f)
                  MIG 1g.5gb      Device  1: (UUID: MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb)
                GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-6e6cb1e7-0000-0000-0000-000000000000)
                LIST
                """);
        List<GpuIds.Gpu> gpus = NvidiaSmi.listGpus(smi.toString(), TIMEOUT);
        assertThat(gpus).hasSize(2);
        assertThat(gpus.get(0).migUuids()).containsExactly("MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f",
                "MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb");
        assertThat(GpuIds.visible(gpus, null)).containsExactly("MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f",
                "MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb", "1");
    }

    @Test
    void aHungNvidiaSmiIsKilledAfterTheTimeoutAndGivesNoGpus() throws IOException {
        Path smi = fakeNvidiaSmi("""
                echo 'GPU 0: NVIDIA A100 (UUID: GPU-1111aaaa-0000-0000-0000-000000000000)'
                sleep 60
                """);
        long start = System.nanoTime();
        assertThat(NvidiaSmi.listGpus(smi.toString(), TIMEOUT)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(bin.toString())))
                .as("the fake nvidia-smi and its sleep are gone").isEmpty();
    }

    @Test
    void aFailingNvidiaSmiGivesNoGpus() throws IOException {
        Path smi = fakeNvidiaSmi("""
                echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'
                exit 9
                """);
        assertThat(NvidiaSmi.listGpus(smi.toString(), TIMEOUT)).isEmpty();
    }

    @Test
    void noNvidiaSmiGivesNoGpus() {
        assertThat(NvidiaSmi.listGpus(bin.resolve("nvidia-smi").toString(), TIMEOUT)).isEmpty();
    }

    private Path fakeNvidiaSmi(String body) throws IOException {
        Path script = bin.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
