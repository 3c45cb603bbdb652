package io.berth.wire;

import java.util.Comparator;

/**
 * How tables order the values of a metric or param (numbers, strings, lists): numbers by value, before
 * everything else, which goes by its text. The server's sorted job pages and the CLI's {@code --sort} agree.
 */
public final class ValueOrder {
    public static final Comparator<Object> NUMBERS_FIRST = ValueOrder::compare;

    private ValueOrder() {}

    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Number) {
            return -1;
        }
        if (b instanceof Number) {
            return 1;
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
}
