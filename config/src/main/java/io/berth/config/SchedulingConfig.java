package io.berth.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the server may hand out to jobs and how it admits them (the scheduling keys of {@code server.yaml}).
 *
 * @param cpus               CPUs jobs' requests are counted against; null for all of the host's
 * @param memory             memory jobs' requests are counted against; null for all of the host's
 * @param gpus               which GPUs jobs may be given
 * @param starvationBound    after waiting this long, a job that does not fit gets capacity held for it
 * @param defaultMaxAttempts containers that may be started for a job that does not set {@code max_attempts}
 * @param pidsLimit          processes and threads one job's container may have at once
 * @param maxLogSize         output of one attempt kept in its log; the rest is cut, with a marker line
 * @param archiveRetention   finished jobs' archives older than this are removed; null keeps them
 * @param bundles            how large a project bundle may be, uploaded and unpacked
 */
public record SchedulingConfig(
        Double cpus,
        MemorySize memory,
        Gpus gpus,
        Duration starvationBound,
        int defaultMaxAttempts,
        long pidsLimit,
        MemorySize maxLogSize,
        Duration archiveRetention,
        BundleLimits bundles) {

    public static final Duration DEFAULT_STARVATION_BOUND = Duration.ofMinutes(30);
    /** Like pyremto's {@code max_redistribution_attempts}, but retrying by default: lost runs are the machine's fault. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final long DEFAULT_PIDS_LIMIT = 4096;
    public static final MemorySize DEFAULT_MAX_LOG_SIZE = new MemorySize(1L << 30);

    public SchedulingConfig {
        Objects.requireNonNull(gpus, "gpus");
        Objects.requireNonNull(starvationBound, "starvationBound");
        maxLogSize = maxLogSize == null ? DEFAULT_MAX_LOG_SIZE : maxLogSize;
        bundles = bundles == null ? BundleLimits.DEFAULTS : bundles;
    }

    public static SchedulingConfig defaults() {
        return new SchedulingConfig(null, null, Gpus.AUTO, DEFAULT_STARVATION_BOUND, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_PIDS_LIMIT, DEFAULT_MAX_LOG_SIZE, null, BundleLimits.DEFAULTS);
    }

    /**
     * Caps on a project bundle: its upload (refused with 413 while it streams), and what it unpacks to
     * (a decompression bomb stops at the first cap it reaches).
     */
    public record BundleLimits(MemorySize maxUpload, MemorySize maxUnpacked, int maxEntries) {
        public static final BundleLimits DEFAULTS = new BundleLimits(new MemorySize(2L << 30), new MemorySize(8L << 30),
                200_000);
    }

    /**
     * The GPUs the server hands out: {@code auto} (every GPU {@code nvidia-smi} lists, narrowed by the
     * server's {@code CUDA_VISIBLE_DEVICES}), or these ids (indexes or UUIDs as {@code nvidia-smi} prints them;
     * an empty list means none).
     */
    public record Gpus(boolean auto, List<String> ids) {
        public static final Gpus AUTO = new Gpus(true, List.of());

        public Gpus {
            ids = List.copyOf(ids);
            if (auto && !ids.isEmpty()) {
                throw new IllegalArgumentException("auto GPUs take no ids");
            }
        }

        public static Gpus of(List<String> ids) {
            return new Gpus(false, ids);
        }
    }
}
