/**
 * The agent: a Berth process on a Docker host that joins a head ({@code berth agent start}) and keeps its lease
 * there with a heartbeat. It speaks only the head's HTTP API: it needs no Redis and no credentials but its token.
 */
package io.berth.daemon.agent;
