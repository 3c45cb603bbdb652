package io.berth.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How amounts of capacity look: CPUs as 1.5, memory as 512m or 23.4g (the way --memory takes it), GPUs counted. */
public final class Quantities {
    private static final String[] MEMORY_UNITS = {"b", "k", "m", "g", "t", "p"};

    private Quantities() {}

    /** 2, 1.5, 0.25: at most two decimals. */
    public static String cpus(double cpus) {
        return plain(BigDecimal.valueOf(cpus).setScale(2, RoundingMode.HALF_UP));
    }

    /** 512m, 23.4g, 8g: the largest binary unit that keeps the number at least 1, one decimal at most. */
    public static String memory(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        int unit = 0;
        long scale = 1;
        while (unit < MEMORY_UNITS.length - 1 && bytes / scale >= 1024) {
            unit++;
            scale *= 1024;
        }
        return plain(BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(scale), 1, RoundingMode.HALF_UP))
                + MEMORY_UNITS[unit];
    }

    /** "1 CPU", "1.5 CPUs". */
    public static String cpusCounted(double cpus) {
        return cpus(cpus) + (cpus == 1 ? " CPU" : " CPUs");
    }

    /** "1 GPU", "2 GPUs". */
    public static String gpusCounted(int gpus) {
        return gpus + (gpus == 1 ? " GPU" : " GPUs");
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
