package io.berth.wire;

import java.time.Instant;
import java.util.List;

/**
 * GET /api/v1/status: who answers and how busy it is: the capacity jobs' requests are counted against,
 * how much of it running jobs hold, whether the Docker engine its jobs run on answers, and since when the
 * server runs.
 *
 * @param docker    the server's Docker engine; null from servers that did not report it
 * @param startedAt when the server started; null from servers that did not report it
 * @param agents    the agents that have joined it, by name; null from servers without agents
 * @param maxBundleBytes the largest bundle it takes (its {@code max_bundle_size}); null from servers that did not
 *                  report it
 */
public record ServerStatus(String version, int slots, int running, int queued, String redis, String dataDir,
                           Amounts capacity, Amounts inUse, Engine docker, Instant startedAt, List<AgentView> agents,
                           Long maxBundleBytes) {

    /** As a server that does not report its bundle limit answers. */
    public ServerStatus(String version, int slots, int running, int queued, String redis, String dataDir,
                        Amounts capacity, Amounts inUse, Engine docker, Instant startedAt, List<AgentView> agents) {
        this(version, slots, running, queued, redis, dataDir, capacity, inUse, docker, startedAt, agents, null);
    }

    /** As a server without agents answers. */
    public ServerStatus(String version, int slots, int running, int queued, String redis, String dataDir,
                        Amounts capacity, Amounts inUse, Engine docker, Instant startedAt) {
        this(version, slots, running, queued, redis, dataDir, capacity, inUse, docker, startedAt, null);
    }

    /** As a server that does not report its start answers. */
    public ServerStatus(String version, int slots, int running, int queued, String redis, String dataDir,
                        Amounts capacity, Amounts inUse, Engine docker) {
        this(version, slots, running, queued, redis, dataDir, capacity, inUse, docker, null);
    }

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
