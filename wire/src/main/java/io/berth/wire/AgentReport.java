package io.berth.wire;

import java.util.Map;

/**
 * PUT /api/v1/agents/{name}: what an agent tells the head with each heartbeat, so that the head knows it is
 * alive and what it may place on it.
 *
 * @param dockerHost the Docker engine the agent runs jobs on
 * @param capacity   what the agent hands out to jobs: slots, CPUs, memory and GPU ids
 * @param labels     what {@code worker.constraints} of a job may ask for, e.g. {@code gpu_model: a100}
 */
public record AgentReport(String version, String dockerHost, ServerStatus.Amounts capacity,
                          Map<String, String> labels) {
    public AgentReport {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
