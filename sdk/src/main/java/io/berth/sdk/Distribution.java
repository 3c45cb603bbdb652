package io.berth.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Where {@link Sweep#random} draws one parameter from. Checked when the sweep is made, so that the error
 * can name the parameter.
 */
public sealed interface Distribution {

    /** A double between a and b, every value equally likely. */
    static Distribution uniform(double a, double b) {
        return new Uniform(a, b);
    }

    /**
     * A double between a and b whose logarithm is uniform: as many draws between 0.001 and 0.01 as between
     * 0.01 and 0.1. Both ends must be above 0.
     */
    static Distribution logUniform(double a, double b) {
        return new LogUniform(a, b);
    }

    /** A whole number from a to b, both included; an Integer when it fits, else a Long. */
    static Distribution integer(long a, long b) {
        return new IntegerRange(a, b);
    }

    /** One of the values, each equally likely. */
    static Distribution choice(Object... values) {
        return values == null ? new Choice(null) : choice(Arrays.asList(values));
    }

    static Distribution choice(List<?> values) {
        return new Choice(values == null ? null : new ArrayList<Object>(values));
    }

    /** One value, drawn from {@code random}. */
    Object sample(Random random);

    /**
     * @throws IllegalArgumentException naming {@code key} if the distribution cannot be drawn from
     */
    void check(String key);

    record Uniform(double a, double b) implements Distribution {
        @Override
        public Object sample(Random random) {
            return a == b ? a : Math.min(b, a + (b - a) * random.nextDouble());
        }

        @Override
        public void check(String key) {
            checkRange(key, this, a, b);
        }

        @Override
        public String toString() {
            return "uniform(" + a + ", " + b + ")";
        }
    }

    record LogUniform(double a, double b) implements Distribution {
        @Override
        public Object sample(Random random) {
            // StrictMath: Math.exp may differ by an ulp between JVMs and CPUs, and the same seed must draw the same
            // values everywhere (the Python client computes these with fdlibm too)
            double value = StrictMath.exp(StrictMath.log(a) + (StrictMath.log(b) - StrictMath.log(a)) * random.nextDouble());
            return Math.max(a, Math.min(b, value)); // exp(log(x)) may land a rounding error outside
        }

        @Override
        public void check(String key) {
            checkRange(key, this, a, b);
            if (a <= 0) {
                throw new IllegalArgumentException("random: '" + key + "' is " + this
                        + ", but a log-uniform range must be above 0");
            }
        }

        @Override
        public String toString() {
            return "loguniform(" + a + ", " + b + ")";
        }
    }

    record IntegerRange(long a, long b) implements Distribution {
        @Override
        public Object sample(Random random) {
            long span = b - a + 1; // overflows only for ranges wider than a long
            long value;
            if (span > 0) {
                value = a + random.nextLong(span);
            } else {
                do {
                    value = random.nextLong();
                } while (value < a || value > b);
            }
            return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
        }

        @Override
        public void check(String key) {
            if (a > b) {
                throw new IllegalArgumentException("random: '" + key + "' is " + this + ", but " + a + " > " + b);
            }
        }

        @Override
        public String toString() {
            return "int(" + a + ", " + b + ")";
        }
    }

    record Choice(List<Object> values) implements Distribution {
        public Choice {
            values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values)); // nulls allowed
        }

        @Override
        public Object sample(Random random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public void check(String key) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("random: '" + key + "' is a choice of no values");
            }
        }

        @Override
        public String toString() {
            return "choice" + values;
        }
    }

    private static void checkRange(String key, Distribution d, double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("random: '" + key + "' is " + d + "; both ends must be finite numbers");
        }
        if (a > b) {
            throw new IllegalArgumentException("random: '" + key + "' is " + d + ", but " + a + " > " + b);
        }
    }
}
