package io.berth.daemon.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerSpec;
import io.berth.wire.VolumeMount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Berth's {@link ContainerSpec} in docker-java's terms; no engine involved, so it is unit-tested. */
final class ContainerSpecMapper {
    static final String GPU_DRIVER = "nvidia";
    static final String TMP = "/tmp";
    /** A tmpfs as a host's /tmp: anyone may write it, nobody may remove another's files; it counts as memory. */
    static final String TMP_OPTIONS = "rw,nosuid,nodev,mode=1777";
    private static final String PYTHONPATH = "PYTHONPATH";

    private ContainerSpecMapper() {}

    /** @param imageEnvironment the image's own variables ({@code NAME=value}), which the job's may build on */
    static CreateContainerCmd apply(ContainerSpec spec, CreateContainerCmd cmd, List<String> imageEnvironment) {
        cmd.withName(spec.name())
                .withEnv(environment(withPythonPath(spec, imageEnvironment)))
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
        if (spec.network() != null) {
            host.withNetworkMode(spec.network());
        }
        if (spec.readOnlyRoot()) {
            host.withReadonlyRootfs(true);
            if (spec.volumes().stream().noneMatch(v -> v.containerPath().equals(TMP))) {
                host.withTmpFs(Map.of(TMP, TMP_OPTIONS));
            }
        }
        if (spec.logCap() != null) {
            host.withLogConfig(logConfig(spec.logCap()));
        }
        if (!spec.gpuDeviceIds().isEmpty()) {
            host.withDeviceRequests(List.of(new DeviceRequest()
                    .withDriver(GPU_DRIVER)
                    .withDeviceIds(spec.gpuDeviceIds())
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        return host;
    }

    /**
     * json-file, the engine's default driver, whose files tools on the host read, with its size options; named,
     * since an engine defaulting to another driver (journald) would refuse them.
     */
    static LogConfig logConfig(ContainerSpec.LogCap cap) {
        return new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of(
                "max-size", size(cap.fileBytes()),
                "max-file", Integer.toString(cap.files())));
    }

    /** As Docker writes sizes: {@code 100m}, {@code 1g}; bytes where no unit divides them. */
    private static String size(long bytes) {
        String[] units = {"g", "m", "k"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (30 - 10 * i);
            if (bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /**
     * The spec's variables with its {@link ContainerSpec#pythonPath()} appended to the job's own PYTHONPATH, or
     * else to the image's: setting the variable replaces the image's, which would break images that need theirs.
     */
    static Map<String, String> withPythonPath(ContainerSpec spec, List<String> imageEnvironment) {
        if (spec.pythonPath().isEmpty()) {
            return spec.environment();
        }
        String base = spec.environment().containsKey(PYTHONPATH) ? spec.environment().get(PYTHONPATH)
                : imageEnvironment.stream().filter(v -> v.startsWith(PYTHONPATH + "=")).reduce((a, b) -> b)
                        .map(v -> v.substring(PYTHONPATH.length() + 1)).orElse("");
        // an empty PYTHONPATH is none: kept as an entry, it would put the working directory on the path
        List<String> entries = new ArrayList<>(base.isEmpty() ? List.of() : Arrays.asList(base.split(":", -1)));
        spec.pythonPath().stream().filter(dir -> !entries.contains(dir)).forEach(entries::add);
        Map<String, String> environment = new HashMap<>(spec.environment());
        environment.put(PYTHONPATH, String.join(":", entries));
        return environment;
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
