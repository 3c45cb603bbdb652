package io.berth.wire;

import java.time.Instant;
import java.util.Map;

/**
 * GET /api/v1/agents, and the agents of GET /api/v1/status: an agent as the head knows it.
 *
 * @param state     {@code ready} while its lease runs, {@code lost} once it has run out
 * @param joinedAt  its first heartbeat
 * @param lastSeen  its last heartbeat
 * @param running   its jobs starting or running now, as the head counts them
 */
public record AgentView(String name, String state, Instant joinedAt, Instant lastSeen, String version,
                        String dockerHost, ServerStatus.Amounts capacity, Map<String, String> labels, int running) {
    public static final String READY = "ready";
    public static final String LOST = "lost";

    public AgentView {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
