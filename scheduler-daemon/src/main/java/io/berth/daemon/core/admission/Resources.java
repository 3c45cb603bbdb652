package io.berth.daemon.core.admission;

/**
 * What one job asks for. 0 means "not asked": it counts as nothing against capacity (and sets no limit).
 *
 * @param milliCpus thousandths of a CPU: 1500 is 1.5 CPUs
 */
public record Resources(long milliCpus, long memoryBytes, int gpus) {
    public static final Resources NONE = new Resources(0, 0, 0);

    public Resources {
        Require.nonNegative(milliCpus, "milliCpus");
        Require.nonNegative(memoryBytes, "memoryBytes");
        Require.nonNegative(gpus, "gpus");
    }
}
