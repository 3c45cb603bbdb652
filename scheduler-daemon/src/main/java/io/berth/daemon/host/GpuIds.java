package io.berth.daemon.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading GPU listings and narrowing them the way CUDA does. */
final class GpuIds {
    /** {@code nvidia-smi -L}: {@code GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5d5b...)}. */
    private static final Pattern LISTED_GPU = Pattern.compile("^GPU (\\d+):.*\\(UUID: (GPU-[^)\\s]+)\\)");
    /** {@code nvidia-smi -L}, under a GPU in MIG mode: {@code   MIG 1g.5gb  Device  0: (UUID: MIG-c6d4...)}. */
    private static final Pattern LISTED_MIG = Pattern.compile("^\\s+MIG .*Device\\s+\\d+:.*\\(UUID: (MIG-[^)\\s]+)\\)");
    /** {@code nvidia-smi --query-gpu=index,uuid[,pci.bus_id] --format=csv,noheader}: {@code 0, GPU-5d5b...}. */
    private static final Pattern CSV_GPU = Pattern.compile("^\\s*(\\d+)\\s*,\\s*(GPU-[^,\\s]+)");

    private GpuIds() {}

    /**
     * One GPU: its index and UUID as {@code nvidia-smi} prints them, and the UUIDs of its MIG devices if it
     * is in MIG mode (then those, not the GPU, are what jobs can be given).
     */
    record Gpu(String index, String uuid, List<String> migUuids) {
        Gpu {
            migUuids = List.copyOf(migUuids);
        }

        Gpu(String index, String uuid) {
            this(index, uuid, List.of());
        }

        /** What a job can be given of this GPU: its index, or each of its MIG devices by UUID. */
        List<String> handedOutAs() {
            return migUuids.isEmpty() ? List.of(index) : migUuids;
        }

        private Gpu withMig(String migUuid) {
            List<String> migs = new ArrayList<>(migUuids);
            migs.add(migUuid);
            return new Gpu(index, uuid, migs);
        }
    }

    /**
     * Parses {@code nvidia-smi -L} (GPUs and their MIG devices) or {@code nvidia-smi --query-gpu=index,uuid
     * --format=csv,noheader} (more columns, such as {@code pci.bus_id}, are ignored); other lines are skipped.
     */
    static List<Gpu> parse(String listing) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            Matcher gpu = LISTED_GPU.matcher(line);
            Matcher csv = CSV_GPU.matcher(line);
            Matcher mig = LISTED_MIG.matcher(line);
            if (gpu.find()) {
                gpus.add(new Gpu(gpu.group(1), gpu.group(2)));
            } else if (csv.find()) {
                gpus.add(new Gpu(csv.group(1), csv.group(2)));
            } else if (mig.find() && !gpus.isEmpty()) {
                gpus.set(gpus.size() - 1, gpus.get(gpus.size() - 1).withMig(mig.group(1)));
            }
        }
        return gpus;
    }

    /**
     * The ids of the devices a process with this {@code CUDA_VISIBLE_DEVICES} may use, as jobs are given them
     * (a GPU's index, a MIG device's UUID): all when it is unset; else those it names by index, GPU UUID (or
     * UUID prefix) or MIG UUID, in its order, stopping at the first entry that names none, as CUDA does.
     * Indexes are nvidia-smi's, which follow the PCI bus order.
     */
    static List<String> visible(List<Gpu> gpus, String cudaVisibleDevices) {
        if (cudaVisibleDevices == null) {
            return gpus.stream().flatMap(gpu -> gpu.handedOutAs().stream()).toList();
        }
        List<String> visible = new ArrayList<>();
        for (String entry : Arrays.stream(cudaVisibleDevices.split(",")).map(String::trim).toList()) {
            List<String> named = named(gpus, entry);
            if (named.isEmpty()) {
                break;
            }
            named.stream().filter(id -> !visible.contains(id)).forEach(visible::add);
        }
        return visible;
    }

    private static List<String> named(List<Gpu> gpus, String entry) {
        if (entry.isEmpty()) {
            return List.of();
        }
        for (Gpu gpu : gpus) {
            if (gpu.index().equals(entry) || gpu.uuid().startsWith(entry)) {
                return gpu.handedOutAs();
            }
            for (String mig : gpu.migUuids()) {
                if (mig.startsWith(entry)) {
                    return List.of(mig);
                }
            }
        }
        return List.of();
    }
}
