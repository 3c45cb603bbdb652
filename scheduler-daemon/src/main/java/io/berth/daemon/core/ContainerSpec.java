package io.berth.daemon.core;

import io.berth.wire.VolumeMount;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to create one job's container, in Berth's terms rather than Docker's.
 *
 * @param entrypoint null keeps the image's entrypoint
 * @param gpuDeviceIds the GPU ids handed to the container by device request; empty for none
 * @param memoryBytes  null for no limit
 * @param cpus         CPU quota in CPUs (1.5 = one and a half), null for no limit
 * @param pidsLimit    processes and threads the container may have at once, null for the engine's default
 * @param user         {@code uid:gid} to run as, null for the image's user
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> entrypoint,
        List<String> command,
        String workingDir,
        Map<String, String> environment,
        List<VolumeMount> volumes,
        List<String> gpuDeviceIds,
        Long memoryBytes,
        Double cpus,
        Long pidsLimit,
        Map<String, String> labels,
        String user) {

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        volumes = List.copyOf(volumes);
        gpuDeviceIds = List.copyOf(gpuDeviceIds);
        labels = Map.copyOf(labels);
    }

    /** A container run as the image's user. */
    public ContainerSpec(String name, String image, List<String> entrypoint, List<String> command, String workingDir,
                         Map<String, String> environment, List<VolumeMount> volumes, List<String> gpuDeviceIds,
                         Long memoryBytes, Double cpus, Long pidsLimit, Map<String, String> labels) {
        this(name, image, entrypoint, command, workingDir, environment, volumes, gpuDeviceIds, memoryBytes, cpus,
                pidsLimit, labels, null);
    }

    /** The same container from another image: one with the job's dependencies installed. */
    public ContainerSpec withImage(String otherImage) {
        return new ContainerSpec(name, otherImage, entrypoint, command, workingDir, environment, volumes,
                gpuDeviceIds, memoryBytes, cpus, pidsLimit, labels, user);
    }

    public ContainerSpec withLabel(String key, String value) {
        Map<String, String> more = new HashMap<>(labels);
        more.put(key, value);
        return new ContainerSpec(name, image, entrypoint, command, workingDir, environment, volumes,
                gpuDeviceIds, memoryBytes, cpus, pidsLimit, more, user);
    }

    public ContainerSpec withUser(String uidGid) {
        return new ContainerSpec(name, image, entrypoint, command, workingDir, environment, volumes,
                gpuDeviceIds, memoryBytes, cpus, pidsLimit, labels, uidGid);
    }
}
