package io.berth.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory limit in bytes. Written as a number with a binary unit, the way Docker reads {@code -m}:
 * {@code 2048k}, {@code 512m}, {@code 8g}, {@code 1.5g}, {@code 1t}, {@code 1073741824b}. A bare number
 * means gigabytes, as Atlas's documentation promised for {@code ram} (its code used bytes).
 */
public record MemorySize(long bytes) {
    /** Docker refuses smaller limits. */
    public static final long MIN_BYTES = 6L * 1024 * 1024;
    /** A bare number above this is almost surely bytes written without the {@code b}. */
    private static final long MAX_BARE_GB = 65_536;
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?");
    private static final String EXPECTED = "expected a size like 512m, 8g or 1.5g (a bare number means GB)";

    public MemorySize {
        if (bytes < MIN_BYTES) {
            throw new IllegalArgumentException("memory size below Docker's minimum of 6m: " + bytes);
        }
    }

    /**
     * Parses a YAML or command-line value: an integer or decimal (GB) or a string with a unit.
     *
     * @param key named in the error, e.g. {@code ram} or {@code --ram}
     * @throws ConfigException (value-level, naming {@code key}) for anything else
     */
    public static MemorySize parse(String key, Object value) {
        if (value instanceof Number n) {
            return fromGigabytes(key, new BigDecimal(n.toString()), n.toString());
        }
        if (!(value instanceof String text)) {
            throw ConfigException.invalid(key, EXPECTED + ", got " + YamlTokens.describe(value));
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw ConfigException.invalid(key, EXPECTED + ", got '" + text + "'");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (m.group(2) == null) {
            return fromGigabytes(key, number, text);
        }
        return of(key, number.multiply(BigDecimal.valueOf(multiplier(m.group(2).charAt(0)))), text);
    }

    private static MemorySize fromGigabytes(String key, BigDecimal gigabytes, String text) {
        if (gigabytes.compareTo(BigDecimal.valueOf(MAX_BARE_GB)) > 0) {
            throw ConfigException.invalid(key, "a bare number means GB, so '" + text
                    + "' is too large" + (gigabytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    ? "; write " + gigabytes.toBigInteger() + "b for bytes" : ""));
        }
        return of(key, gigabytes.multiply(BigDecimal.valueOf(1L << 30)), text);
    }

    private static MemorySize of(String key, BigDecimal bytes, String text) {
        if (bytes.signum() <= 0) {
            throw ConfigException.invalid(key, "must be more than 0, got '" + text + "'");
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw ConfigException.invalid(key, "'" + text + "' is too large");
        }
        long whole = bytes.longValue();
        if (whole < MIN_BYTES) {
            throw ConfigException.invalid(key, "must be at least 6m (Docker's minimum), got '" + text + "'");
        }
        return new MemorySize(whole);
    }

    private static long multiplier(char unit) {
        return switch (unit) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1L;
        };
    }

    /** The shortest exact form: {@code 8g}, {@code 1536m}, {@code 1000b}. */
    @Override
    public String toString() {
        String[] units = {"t", "g", "m", "k"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return bytes + "b";
    }
}
