package io.berth.daemon.core.admission;

import java.util.List;

/**
 * The server's capacity: how many jobs may hold a slot at once, the CPU and memory totals that jobs'
 * requests are counted against (always real totals, never 0), and the GPU ids it may hand out, in order.
 */
public record Capacity(int slots, long milliCpus, long memoryBytes, List<String> gpuIds) {

    public Capacity {
        Require.positive(slots, "slots");
        Require.positive(milliCpus, "milliCpus");
        Require.positive(memoryBytes, "memoryBytes");
        gpuIds = Require.distinctIds(gpuIds, "gpuIds");
    }
}
