package io.berth.daemon.core;

import io.berth.wire.VolumeMount;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to create one job's container, in Berth's terms rather than Docker's. Made with
 * {@link #builder}: every field but the name and image is optional.
 *
 * @param entrypoint   null keeps the image's entrypoint
 * @param pythonPath   directories appended to the container's {@code PYTHONPATH}: to the job's own, if its
 *                     environment sets one, else to the image's (so an image's own path keeps working)
 * @param gpuDeviceIds the GPU ids handed to the container by device request; empty for none
 * @param memoryBytes  null for no limit
 * @param cpus         CPU quota in CPUs (1.5 = one and a half), null for no limit
 * @param pidsLimit    processes and threads the container may have at once, null for the engine's default
 * @param user         {@code uid:gid} to run as, null for the image's user
 * @param network      the Docker network to join ({@code none}, {@code bridge}, a named one), null for the engine's
 *                     default
 * @param readOnlyRoot the root file system read-only; {@code /tmp} is then a writable tmpfs, and the volumes are as
 *                     they say
 * @param logCap       caps on the engine's own log of the container; null for the engine's defaults
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> entrypoint,
        List<String> command,
        String workingDir,
        Map<String, String> environment,
        List<String> pythonPath,
        List<VolumeMount> volumes,
        List<String> gpuDeviceIds,
        Long memoryBytes,
        Double cpus,
        Long pidsLimit,
        Map<String, String> labels,
        String user,
        String network,
        boolean readOnlyRoot,
        LogCap logCap) {

    /**
     * The engine's log of a container in at most {@code files} files of {@code fileBytes}: past that the oldest
     * output is dropped from it (not from Berth's copy, made as it is written).
     */
    public record LogCap(long fileBytes, int files) {
        public LogCap {
            if (fileBytes < 1 || files < 1) {
                throw new IllegalArgumentException("a log cap needs 1 or more bytes and files, got " + fileBytes
                        + " bytes in " + files);
            }
        }
    }

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        pythonPath = List.copyOf(pythonPath);
        volumes = List.copyOf(volumes);
        gpuDeviceIds = List.copyOf(gpuDeviceIds);
        labels = Map.copyOf(labels);
    }

    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    public Builder toBuilder() {
        return new Builder(name, image).entrypoint(entrypoint).command(command).workingDir(workingDir)
                .environment(environment).pythonPath(pythonPath).volumes(volumes).gpuDeviceIds(gpuDeviceIds)
                .memoryBytes(memoryBytes).cpus(cpus).pidsLimit(pidsLimit).labels(labels).user(user).network(network)
                .readOnlyRoot(readOnlyRoot).logCap(logCap);
    }

    /** The same container from another image: one with the job's dependencies installed. */
    public ContainerSpec withImage(String otherImage) {
        return toBuilder().image(otherImage).build();
    }

    public ContainerSpec withLabel(String key, String value) {
        Map<String, String> more = new HashMap<>(labels);
        more.put(key, value);
        return toBuilder().labels(more).build();
    }

    public ContainerSpec withUser(String uidGid) {
        return toBuilder().user(uidGid).build();
    }

    /** Collects a spec's fields; the record's constructor checks them. */
    public static final class Builder {
        private String name;
        private String image;
        private List<String> entrypoint;
        private List<String> command = List.of();
        private String workingDir;
        private Map<String, String> environment = Map.of();
        private List<String> pythonPath = List.of();
        private List<VolumeMount> volumes = List.of();
        private List<String> gpuDeviceIds = List.of();
        private Long memoryBytes;
        private Double cpus;
        private Long pidsLimit;
        private Map<String, String> labels = Map.of();
        private String user;
        private String network;
        private boolean readOnlyRoot;
        private LogCap logCap;

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder entrypoint(List<String> entrypoint) {
            this.entrypoint = entrypoint;
            return this;
        }

        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public Builder pythonPath(List<String> pythonPath) {
            this.pythonPath = pythonPath;
            return this;
        }

        public Builder volumes(List<VolumeMount> volumes) {
            this.volumes = volumes;
            return this;
        }

        public Builder gpuDeviceIds(List<String> gpuDeviceIds) {
            this.gpuDeviceIds = gpuDeviceIds;
            return this;
        }

        public Builder memoryBytes(Long memoryBytes) {
            this.memoryBytes = memoryBytes;
            return this;
        }

        public Builder cpus(Double cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder pidsLimit(Long pidsLimit) {
            this.pidsLimit = pidsLimit;
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder network(String network) {
            this.network = network;
            return this;
        }

        public Builder readOnlyRoot(boolean readOnlyRoot) {
            this.readOnlyRoot = readOnlyRoot;
            return this;
        }

        public Builder logCap(LogCap logCap) {
            this.logCap = logCap;
            return this;
        }

        public ContainerSpec build() {
            return new ContainerSpec(name, image, entrypoint, command, workingDir, environment, pythonPath, volumes,
                    gpuDeviceIds, memoryBytes, cpus, pidsLimit, labels, user, network, readOnlyRoot, logCap);
        }
    }
}
