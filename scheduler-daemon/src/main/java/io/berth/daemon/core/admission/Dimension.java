package io.berth.daemon.core.admission;

import java.util.Arrays;
import java.util.Optional;

/** The things a job takes, in the order a shortfall is reported. */
enum Dimension {
    SLOTS, GPUS, CPUS, MEMORY;

    long of(Amounts amounts) {
        return switch (this) {
            case SLOTS -> amounts.slots();
            case GPUS -> amounts.gpus();
            case CPUS -> amounts.milliCpus();
            case MEMORY -> amounts.memoryBytes();
        };
    }

    /** The first dimension in which {@code need} asks for more than {@code available}; asking 0 always fits. */
    static Optional<Dimension> firstShort(Amounts need, Amounts available) {
        return Arrays.stream(values())
                .filter(d -> d.of(need) > 0 && d.of(need) > d.of(available))
                .findFirst();
    }
}
