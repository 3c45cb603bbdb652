package io.berth.daemon.docker;

import io.berth.daemon.core.ContainerSpec;
import io.berth.wire.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A builder for container specs in tests: {@code aContainer("name").running("sh", "-c", "...").build()}. */
final class TestContainerSpecs {
    private final String name;
    private String image = DockerContainerRuntimeIT.IMAGE;
    private List<String> entrypoint;
    private List<String> command = List.of();
    private String workingDir;
    private final Map<String, String> environment = new HashMap<>();
    private final List<VolumeMount> volumes = new ArrayList<>();
    private Long memoryBytes;
    private Double cpus;
    private List<String> gpus = List.of();
    private Long pidsLimit;
    private final Map<String, String> labels = new HashMap<>();

    private TestContainerSpecs(String name) {
        this.name = name;
    }

    static TestContainerSpecs aContainer(String name) {
        return new TestContainerSpecs(name);
    }

    TestContainerSpecs fromImage(String otherImage) {
        this.image = otherImage;
        return this;
    }

    TestContainerSpecs withEntrypoint(String... args) {
        this.entrypoint = List.of(args);
        return this;
    }

    TestContainerSpecs running(String... args) {
        this.command = List.of(args);
        return this;
    }

    /** {@code sh -c script}. */
    TestContainerSpecs runningShell(String script) {
        return running("sh", "-c", script);
    }

    TestContainerSpecs in(String dir) {
        this.workingDir = dir;
        return this;
    }

    TestContainerSpecs withEnv(String key, String value) {
        environment.put(key, value);
        return this;
    }

    TestContainerSpecs withVolume(Path hostPath, String containerPath, boolean readOnly) {
        volumes.add(new VolumeMount(hostPath.toString(), containerPath, readOnly));
        return this;
    }

    TestContainerSpecs withMemory(long bytes) {
        this.memoryBytes = bytes;
        return this;
    }

    TestContainerSpecs withGpus(List<String> ids) {
        this.gpus = List.copyOf(ids);
        return this;
    }

    TestContainerSpecs withCpus(double value) {
        this.cpus = value;
        return this;
    }

    TestContainerSpecs withPidsLimit(long value) {
        this.pidsLimit = value;
        return this;
    }

    TestContainerSpecs withLabel(String key, String value) {
        labels.put(key, value);
        return this;
    }

    ContainerSpec build() {
        return ContainerSpec.builder(name, image).entrypoint(entrypoint).command(command).workingDir(workingDir)
                .environment(environment).volumes(volumes).gpuDeviceIds(gpus).memoryBytes(memoryBytes).cpus(cpus)
                .pidsLimit(pidsLimit).labels(labels).build();
    }
}
