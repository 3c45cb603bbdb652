package io.berth.daemon.cluster;

import io.berth.wire.AgentReport;
import java.time.Instant;

/** What the head keeps of an agent: its last report and when it joined and last beat. */
public record AgentRecord(String name, AgentReport report, Instant joinedAt, Instant lastSeen) {}
