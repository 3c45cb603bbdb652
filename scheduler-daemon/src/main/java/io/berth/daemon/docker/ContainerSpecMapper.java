package io.berth.daemon.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerSpec;
import io.berth.wire.VolumeMount;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Berth's {@link ContainerSpec} in docker-java's terms; no engine involved, so it is unit-tested. */
final class ContainerSpecMapper {
    static final String GPU_DRIVER = "nvidia";

    private ContainerSpecMapper() {}

    static CreateContainerCmd apply(ContainerSpec spec, CreateContainerCmd cmd) {
        cmd.withName(spec.name())
                .withEnv(environment(spec.environment()))
                .withLabels(labels(spec.labels()))
                .withHostConfig(hostConfig(spec));
        if (spec.entrypoint() != null) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        if (spec.workingDir() != null) {
            cmd.withWorkingDir(spec.workingDir());
        }
        if (spec.user() != null) {
            cmd.withUser(spec.user());
        }
        return cmd;
    }

    static HostConfig hostConfig(ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                // a job's process is not PID 1, which would ignore SIGTERM and make every stop wait for SIGKILL
                .withInit(true)
                // a job needs no privilege of root's: it cannot gain one (setuid binaries) nor use one
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withPrivileged(false)
                // mounts, not binds: the engine refuses a missing source instead of creating it empty as root
                .withMounts(spec.volumes().stream().map(ContainerSpecMapper::mount).toList());
        if (spec.memoryBytes() != null) {
            // swap equal to memory: no swap on top, so the limit is where the OOM killer acts
            host.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
        }
        if (spec.cpus() != null) {
            host.withNanoCPUs(Math.round(spec.cpus() * 1e9));
        }
        if (spec.pidsLimit() != null) {
            host.withPidsLimit(spec.pidsLimit());
        }
        if (!spec.gpuDeviceIds().isEmpty()) {
            host.withDeviceRequests(List.of(new DeviceRequest()
                    .withDriver(GPU_DRIVER)
                    .withDeviceIds(spec.gpuDeviceIds())
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        return host;
    }

    private static Mount mount(VolumeMount volume) {
        return new Mount().withType(MountType.BIND).withSource(volume.hostPath()).withTarget(volume.containerPath())
                .withReadOnly(volume.readOnly());
    }

    /** Everything Berth creates is marked managed, whatever the caller's labels say. */
    private static Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(ContainerLabels.MANAGED, "true");
        return all;
    }

    private static List<String> environment(Map<String, String> environment) {
        return environment.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }
}
