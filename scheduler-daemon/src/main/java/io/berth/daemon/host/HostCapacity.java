package io.berth.daemon.host;

import com.sun.management.OperatingSystemMXBean;
import io.berth.config.SchedulingConfig;
import io.berth.daemon.core.admission.Capacity;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
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
        List<String> gpuIds = config.gpus().auto() ? autoGpus(gpus.list(), env) : config.gpus().ids();
        Capacity capacity = new Capacity(slots, milliCpus, memory, gpuIds);
        LOG.info("capacity: {} slots, {} CPUs, {} MiB memory, GPUs {}", slots, milliCpus / 1000.0, memory >> 20,
                gpuIds.isEmpty() ? "none" : gpuIds);
        return capacity;
    }

    /**
     * Every GPU nvidia-smi lists, narrowed by the server's own {@code CUDA_VISIBLE_DEVICES}, whose indexes
     * Berth reads as nvidia-smi's (PCI bus order): CUDA reads them so only with {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}.
     */
    private static List<String> autoGpus(List<GpuIds.Gpu> listed, Map<String, String> env) {
        String visible = env.get("CUDA_VISIBLE_DEVICES");
        boolean byIndex = visible != null
                && Arrays.stream(visible.split(",")).anyMatch(entry -> entry.strip().matches("\\d+"));
        if (byIndex && listed.size() > 1 && !"PCI_BUS_ID".equals(env.get("CUDA_DEVICE_ORDER"))) {
            LOG.warn("CUDA_VISIBLE_DEVICES={} is read in nvidia-smi's order (PCI bus), which CUDA follows only with"
                    + " CUDA_DEVICE_ORDER=PCI_BUS_ID; name the GPUs by UUID (nvidia-smi -L) to be sure", visible);
        }
        return GpuIds.visible(listed, visible);
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
