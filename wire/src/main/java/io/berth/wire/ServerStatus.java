package io.berth.wire;

/** GET /api/v1/status: who answers and how busy it is. */
public record ServerStatus(String version, int slots, int running, int queued, String redis, String dataDir) {}
