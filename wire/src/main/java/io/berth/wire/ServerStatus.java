package io.berth.wire;

import java.util.List;

/**
 * GET /api/v1/status: who answers and how busy it is: the capacity jobs' requests are counted against,
 * how much of it running jobs hold, and whether the Docker engine its jobs run on answers.
 *
 * @param docker the server's Docker engine; null from servers that did not report it
 */
public record ServerStatus(String version, int slots, int running, int queued, String redis, String dataDir,
                           Amounts capacity, Amounts inUse, Engine docker) {

    /** As a server that does not report its Docker engine answers. */
    public ServerStatus(String version, int slots, int running, int queued, String redis, String dataDir,
                        Amounts capacity, Amounts inUse) {
        this(version, slots, running, queued, redis, dataDir, capacity, inUse, null);
    }

    /** The Docker engine's address, and whether it takes connections now (jobs wait while it does not). */
    public record Engine(String host, boolean answering) {}

    /** Slots, CPUs, memory and GPU ids, of the whole server or of what is in use. */
    public record Amounts(int slots, double cpus, long memoryBytes, List<String> gpus) {
        public Amounts {
            gpus = gpus == null ? List.of() : List.copyOf(gpus);
        }
    }
}
