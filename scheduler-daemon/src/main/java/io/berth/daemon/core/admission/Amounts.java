package io.berth.daemon.core.admission;

import java.util.function.LongBinaryOperator;

/** How much of each thing a job takes, or is free, or is held: the arithmetic of one plan. */
record Amounts(long slots, long milliCpus, long memoryBytes, long gpus) {
    static final Amounts ZERO = new Amounts(0, 0, 0, 0);

    /** What a job with this request takes: one slot plus what it asked for. */
    static Amounts takenBy(Resources request) {
        return new Amounts(1, request.milliCpus(), request.memoryBytes(), request.gpus());
    }

    static Amounts totalOf(Capacity capacity) {
        return new Amounts(capacity.slots(), capacity.milliCpus(), capacity.memoryBytes(), capacity.gpuIds().size());
    }

    Amounts plus(Amounts other) {
        return combine(other, Long::sum);
    }

    Amounts minus(Amounts other) {
        return combine(other, (a, b) -> a - b);
    }

    /** This much, but no more than {@code limit} and no less than 0, in each dimension. */
    Amounts upTo(Amounts limit) {
        return combine(limit, (a, b) -> Math.max(0, Math.min(a, b)));
    }

    private Amounts combine(Amounts other, LongBinaryOperator op) {
        return new Amounts(op.applyAsLong(slots, other.slots), op.applyAsLong(milliCpus, other.milliCpus),
                op.applyAsLong(memoryBytes, other.memoryBytes), op.applyAsLong(gpus, other.gpus));
    }
}
