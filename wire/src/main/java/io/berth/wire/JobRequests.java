package io.berth.wire;

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
 */
public record JobRequests(
        Integer numGpus,
        Double cpus,
        Long memoryBytes,
        Long timeoutSeconds,
        Integer priority,
        Integer maxAttempts,
        Boolean retryOnFailure) {

    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;

    public JobRequests {
        if (numGpus != null && numGpus < 0) {
            throw new IllegalArgumentException("numGpus must be 0 or more, got " + numGpus);
        }
        if (cpus != null && !(cpus > 0 && cpus <= 4096)) {
            throw new IllegalArgumentException("cpus must be more than 0, got " + cpus);
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
    }

    public static JobRequests none() {
        return new JobRequests(null, null, null, null, null, null, null);
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
                or(over.retryOnFailure, retryOnFailure));
    }

    public JobRequests withNumGpus(Integer value) {
        return new JobRequests(value, cpus, memoryBytes, timeoutSeconds, priority, maxAttempts, retryOnFailure);
    }

    public JobRequests withCpus(Double value) {
        return new JobRequests(numGpus, value, memoryBytes, timeoutSeconds, priority, maxAttempts, retryOnFailure);
    }

    public JobRequests withMemoryBytes(Long value) {
        return new JobRequests(numGpus, cpus, value, timeoutSeconds, priority, maxAttempts, retryOnFailure);
    }

    public JobRequests withTimeoutSeconds(Long value) {
        return new JobRequests(numGpus, cpus, memoryBytes, value, priority, maxAttempts, retryOnFailure);
    }

    public JobRequests withPriority(Integer value) {
        return new JobRequests(numGpus, cpus, memoryBytes, timeoutSeconds, value, maxAttempts, retryOnFailure);
    }

    public JobRequests withMaxAttempts(Integer value) {
        return new JobRequests(numGpus, cpus, memoryBytes, timeoutSeconds, priority, value, retryOnFailure);
    }

    public JobRequests withRetryOnFailure(Boolean value) {
        return new JobRequests(numGpus, cpus, memoryBytes, timeoutSeconds, priority, maxAttempts, value);
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
