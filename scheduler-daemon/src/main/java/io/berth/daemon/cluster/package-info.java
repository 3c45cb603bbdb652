/**
 * The head's side of agents: the Berth processes on other Docker hosts that join a server and run its jobs.
 * Each agent beats a heartbeat; its lease says how long the head counts on it after the last one.
 */
package io.berth.daemon.cluster;
