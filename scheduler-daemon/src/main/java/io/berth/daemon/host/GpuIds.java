package io.berth.daemon.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading GPU listings and narrowing them the way CUDA does. */
final class GpuIds {
    private GpuIds() {}

    /** One GPU: its index and UUID as {@code nvidia-smi} prints them. */
    record Gpu(String index, String uuid) {}

    /**
     * Parses {@code nvidia-smi --query-gpu=index,uuid --format=csv,noheader}: one {@code 0, GPU-...} per line.
     */
    static List<Gpu> parse(String csv) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] fields = line.split(",");
            if (fields.length >= 2 && !fields[0].isBlank()) {
                gpus.add(new Gpu(fields[0].trim(), fields[1].trim()));
            }
        }
        return gpus;
    }

    /**
     * The indexes of the GPUs a process with this {@code CUDA_VISIBLE_DEVICES} may use: all when it is unset;
     * else those it names by index or UUID (or UUID prefix), in its order, stopping at the first entry that
     * names none, as CUDA does.
     */
    static List<String> visible(List<Gpu> gpus, String cudaVisibleDevices) {
        if (cudaVisibleDevices == null) {
            return gpus.stream().map(Gpu::index).toList();
        }
        List<String> visible = new ArrayList<>();
        for (String entry : Arrays.stream(cudaVisibleDevices.split(",")).map(String::trim).toList()) {
            Gpu match = gpus.stream()
                    .filter(g -> g.index().equals(entry) || (!entry.isEmpty() && g.uuid().startsWith(entry)))
                    .findFirst().orElse(null);
            if (match == null) {
                break;
            }
            if (!visible.contains(match.index())) {
                visible.add(match.index());
            }
        }
        return visible;
    }
}
