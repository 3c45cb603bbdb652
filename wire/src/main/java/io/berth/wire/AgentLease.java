package io.berth.wire;

import java.time.Instant;

/**
 * The head's answer to a heartbeat: the agent counts as alive until {@code expiresAt}; one that has not
 * beaten again by then is lost, and the head no longer counts on it.
 *
 * @param leaseSeconds how long each heartbeat keeps the agent alive; agents beat at a third of it
 */
public record AgentLease(String name, long leaseSeconds, Instant expiresAt) {}
