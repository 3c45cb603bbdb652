package io.berth.daemon.core.admission;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The one-line reasons people read in {@code berth get queue} and in a rejection. */
final class Reasons {
    /** How many nodes a reason names before it counts the rest. */
    static final int NAMED = 3;
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Reasons() {}

    /** "slots full (4 of 4 in use)", "needs 2 GPUs, 1 free", "needs 8 GiB memory, 2 GiB free". */
    static String lacking(Dimension d, Amounts need, Amounts unused, Amounts total) {
        if (d == Dimension.SLOTS) {
            return "slots full (" + (total.slots() - unused.slots()) + " of " + total.slots() + " in use)";
        }
        return "needs " + asked(d, d.of(need)) + ", " + number(d, Math.max(0, d.of(unused))) + " free";
    }

    /** "needs 4 GPUs, this server has 2". */
    static String impossible(Dimension d, Amounts need, Amounts total) {
        return "needs " + asked(d, d.of(need)) + ", this server has " + number(d, d.of(total));
    }

    /** "needs 4 GPUs, it has 2": for one agent among several. */
    static String impossibleOnAgent(Dimension d, Amounts need, Amounts total) {
        return "needs " + asked(d, d.of(need)) + ", it has " + number(d, d.of(total));
    }

    /** "no agent has gpu_model=a100": no node's labels hold the job's constraints. */
    static String noNodeHas(Map<String, String> constraints) {
        return "no agent has " + Node.describe(constraints) + " (worker.constraints)";
    }

    /** Each node's reason, "gpu1: slots full (4 of 4 in use); gpu2: ...", the first {@value #NAMED} of them. */
    static String onEach(List<String> reasons) {
        if (reasons.size() <= NAMED) {
            return String.join("; ", reasons);
        }
        return String.join("; ", reasons.subList(0, NAMED)) + "; and " + (reasons.size() - NAMED) + " more agents";
    }

    static String heldFor(String jobId) {
        return "held for job " + jobId;
    }

    /** A starved job's reason, saying that capacity is now held for it (on {@code node}, if not null). */
    static String holding(String reason, Duration bound, String node) {
        return reason + "; capacity held for it" + (node == null ? "" : " on " + node) + " (waited over "
                + duration(bound) + ")";
    }

    private static String asked(Dimension d, long value) {
        return switch (d) {
            case SLOTS -> value + (value == 1 ? " slot" : " slots");
            case GPUS -> value + (value == 1 ? " GPU" : " GPUs");
            case CPUS -> cpus(value) + (value == 1000 ? " CPU" : " CPUs");
            case MEMORY -> bytes(value) + " memory";
        };
    }

    private static String number(Dimension d, long value) {
        return switch (d) {
            case SLOTS, GPUS -> Long.toString(value);
            case CPUS -> cpus(value);
            case MEMORY -> bytes(value);
        };
    }

    /** 1500 → "1.5", 2000 → "2". */
    static String cpus(long milliCpus) {
        return plain(BigDecimal.valueOf(milliCpus, 3));
    }

    /** 512 MiB, 8 GiB, 1.5 GiB: the largest binary unit that keeps the number at least 1, two decimals at most. */
    static String bytes(long bytes) {
        int unit = 0;
        long scale = 1;
        while (unit < BYTE_UNITS.length - 1 && bytes / scale >= 1024) {
            unit++;
            scale *= 1024;
        }
        BigDecimal value = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(scale), 2, RoundingMode.HALF_UP);
        return plain(value) + " " + BYTE_UNITS[unit];
    }

    /** 10m, 1h30m, 45s, 250ms. */
    static String duration(Duration duration) {
        if (duration.toSeconds() == 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toHours(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        return text.toString();
    }

    private static void append(StringBuilder text, long value, String unit) {
        if (value > 0) {
            text.append(value).append(unit);
        }
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
