package io.berth.daemon.host;

import com.sun.management.OperatingSystemMXBean;
import io.berth.config.SchedulingConfig;
import io.berth.daemon.core.admission.Capacity;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this server may hand out to jobs: its slots, and the CPUs, memory and GPUs of {@code server.yaml}
 * or, where it says nothing, of the host it runs on.
 */
public final class HostCapacity {
    private static final Logger LOG = LoggerFactory.getLogger(HostCapacity.class);

    private HostCapacity() {}

    public static Capacity of(int slots, SchedulingConfig config) {
        return of(slots, config, NvidiaSmi::listGpus, System.getenv());
    }

    /** As {@link #of(int, SchedulingConfig)}, with the GPU listing and the environment given (for tests). */
    static Capacity of(int slots, SchedulingConfig config, GpuLister gpus, Map<String, String> env) {
        long milliCpus = Math.round((config.cpus() != null ? config.cpus() : Runtime.getRuntime().availableProcessors())
                * 1000);
        long memory = config.memory() != null ? config.memory().bytes() : physicalMemory();
        List<String> gpuIds = config.gpus().auto()
                ? GpuIds.visible(gpus.list(), env.get("CUDA_VISIBLE_DEVICES"))
                : config.gpus().ids();
        Capacity capacity = new Capacity(slots, milliCpus, memory, gpuIds);
        LOG.info("capacity: {} slots, {} CPUs, {} MiB memory, GPUs {}", slots, milliCpus / 1000.0, memory >> 20,
                gpuIds.isEmpty() ? "none" : gpuIds);
        return capacity;
    }

    private static long physicalMemory() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    /** The host's GPUs, as {@code nvidia-smi} lists them. */
    @FunctionalInterface
    interface GpuLister {
        List<GpuIds.Gpu> list();
    }
}
