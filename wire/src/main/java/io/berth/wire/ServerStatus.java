package io.berth.wire;

import java.util.List;

/**
 * GET /api/v1/status: who answers and how busy it is: the capacity jobs' requests are counted against,
 * and how much of it running jobs hold.
 */
public record ServerStatus(String version, int slots, int running, int queued, String redis, String dataDir,
                           Amounts capacity, Amounts inUse) {

    /** Slots, CPUs, memory and GPU ids, of the whole server or of what is in use. */
    public record Amounts(int slots, double cpus, long memoryBytes, List<String> gpus) {
        public Amounts {
            gpus = gpus == null ? List.of() : List.copyOf(gpus);
        }
    }
}
