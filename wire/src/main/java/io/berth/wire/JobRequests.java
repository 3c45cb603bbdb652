package io.berth.wire;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job asks of the scheduler besides its container: resources to hold while it runs, how long it
 * may run, where it stands in the queue and how often it may be tried. Null means "not asked": the
 * server's default applies (no limit for resources and time).
 *
 * @param cpus           CPUs, fractional allowed; enforced as a CPU quota
 * @param memoryBytes    memory limit; reaching it gets the job OOM-killed
 * @param timeoutSeconds the job is stopped and fails with reason {@code timeout} after running this long
 * @param priority       higher runs first; equal priorities run in submission order (default 0)
 * @param maxAttempts    how many containers may be started for it in all, counting retries after an
 *                       infrastructure fault and, with {@code retryOnFailure}, after a non-zero exit
 * @param constraints    labels an agent must have, with these values, for the job to run there
 *                       ({@code worker.constraints}, e.g. {@code gpu_model: a100}); null or empty: anywhere
 */
public record JobRequests(
        Integer numGpus,
        Double cpus,
        Long memoryBytes,
        Long timeoutSeconds,
        Integer priority,
        Integer maxAttempts,
        Boolean retryOnFailure,
        Map<String, String> constraints) {

    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;
    /** Docker's least CPU quota, 1 ms of each 100 ms period; it refuses a smaller one only as the container starts. */
    public static final double MIN_CPUS = 0.01;
    public static final double MAX_CPUS = 4096;

    public JobRequests {
        if (numGpus != null && numGpus < 0) {
            throw new IllegalArgumentException("numGpus must be 0 or more, got " + numGpus);
        }
        // only what no job could ever run with: the minimum is checked where a request is made
        // (whyNotCpus), so that jobs stored before it can still be read back
        if (cpus != null && !(cpus > 0 && cpus <= MAX_CPUS)) {
            throw new IllegalArgumentException("cpus must be more than 0 and at most " + (int) MAX_CPUS + ", got " + cpus);
        }
        if (memoryBytes != null && memoryBytes <= 0) {
            throw new IllegalArgumentException("memoryBytes must be positive, got " + memoryBytes);
        }
        if (timeoutSeconds != null && timeoutSeconds <= 0) {
            throw new IllegalArgumentException("timeoutSeconds must be positive, got " + timeoutSeconds);
        }
        if (priority != null && (priority < MIN_PRIORITY || priority > MAX_PRIORITY)) {
            throw new IllegalArgumentException("priority must be from " + MIN_PRIORITY + " to " + MAX_PRIORITY
                    + ", got " + priority);
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + maxAttempts);
        }
        if (constraints != null) {
            String why = Labels.whyNot(constraints);
            if (why != null) {
                throw new IllegalArgumentException("constraints: " + why);
            }
            constraints = constraints.isEmpty() ? null : Collections.unmodifiableMap(new TreeMap<>(constraints));
        }
    }

    /** Requests that put no constraint on where the job runs. */
    public JobRequests(Integer numGpus, Double cpus, Long memoryBytes, Long timeoutSeconds, Integer priority,
                       Integer maxAttempts, Boolean retryOnFailure) {
        this(numGpus, cpus, memoryBytes, timeoutSeconds, priority, maxAttempts, retryOnFailure, null);
    }

    public static JobRequests none() {
        return new JobRequests(null, null, null, null, null, null, null, null);
    }

    /** These requests with every field {@code over} sets replacing ours. */
    public JobRequests overriddenBy(JobRequests over) {
        return new JobRequests(
                or(over.numGpus, numGpus),
                or(over.cpus, cpus),
                or(over.memoryBytes, memoryBytes),
                or(over.timeoutSeconds, timeoutSeconds),
                or(over.priority, priority),
                or(over.maxAttempts, maxAttempts),
                or(over.retryOnFailure, retryOnFailure),
                or(over.constraints, constraints));
    }

    public JobRequests withNumGpus(Integer value) {
        return new JobRequests(value, cpus, memoryBytes, timeoutSeconds, priority,
                maxAttempts, retryOnFailure, constraints);
    }

    /** Why a job cannot ask for {@code cpus}, or null if it can: "must be at least 0.01 (Docker's minimum), got 0.001". */
    public static String whyNotCpus(double cpus) {
        String got = Double.isFinite(cpus) ? new BigDecimal(Double.toString(cpus)).stripTrailingZeros().toPlainString()
                : String.valueOf(cpus);
        if (!(cpus >= MIN_CPUS)) {
            return "must be at least " + MIN_CPUS + " (Docker's minimum), got " + got;
        }
        return cpus > MAX_CPUS ? "must be at most " + (int) MAX_CPUS + ", got " + got : null;
    }

    public JobRequests withCpus(Double value) {
        return new JobRequests(numGpus, value, memoryBytes, timeoutSeconds, priority,
                maxAttempts, retryOnFailure, constraints);
    }

    public JobRequests withMemoryBytes(Long value) {
        return new JobRequests(numGpus, cpus, value, timeoutSeconds, priority,
                maxAttempts, retryOnFailure, constraints);
    }

    public JobRequests withTimeoutSeconds(Long value) {
        return new JobRequests(numGpus, cpus, memoryBytes, value, priority, maxAttempts, retryOnFailure, constraints);
    }

    public JobRequests withPriority(Integer value) {
        return new JobRequests(numGpus, cpus, memoryBytes, timeoutSeconds, value,
                maxAttempts, retryOnFailure, constraints);
    }

    public JobRequests withMaxAttempts(Integer value) {
        return new JobRequests(numGpus, cpus, memoryBytes, timeoutSeconds, priority,
                value, retryOnFailure, constraints);
    }

    public JobRequests withRetryOnFailure(Boolean value) {
        return new JobRequests(numGpus, cpus, memoryBytes, timeoutSeconds, priority, maxAttempts, value, constraints);
    }

    public JobRequests withConstraints(Map<String, String> value) {
        return new JobRequests(numGpus, cpus, memoryBytes, timeoutSeconds, priority,
                maxAttempts, retryOnFailure, value);
    }

    /** The constraints, empty when none were asked for. */
    public Map<String, String> constraintsOrNone() {
        return constraints == null ? Map.of() : constraints;
    }

    public int gpus() {
        return numGpus == null ? 0 : numGpus;
    }

    public int priorityOrDefault() {
        return priority == null ? 0 : priority;
    }

    public boolean retriesOnFailure() {
        return Boolean.TRUE.equals(retryOnFailure);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
