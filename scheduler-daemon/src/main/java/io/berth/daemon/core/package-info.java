/**
 * The scheduling core: job states and their transitions, the dispatcher, and the ports through
 * which it sees Redis ({@link io.berth.daemon.core.JobStore}), Docker
 * ({@link io.berth.daemon.core.ContainerRuntime}) and the disk ({@link io.berth.daemon.core.Workspace},
 * {@link io.berth.daemon.core.BundleStore}). Nothing here imports Javalin, Jedis, docker-java or
 * commons-compress; see docs/architecture.md.
 */
package io.berth.daemon.core;
