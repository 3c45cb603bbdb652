package io.berth.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in config files: {@code 10s}, {@code 2m}, {@code 90m}, {@code 1h}, {@code 30d}; a bare number means seconds. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd]?)");

    private Durations() {}

    /** @throws ConfigException (value-level, naming {@code key}) unless {@code value} is such a duration */
    public static Duration parse(String key, Object value) {
        boolean scalar = value instanceof String || value instanceof Integer || value instanceof Long;
        String text = scalar ? value.toString().trim() : "";
        Matcher m = DURATION.matcher(text);
        if (!scalar || !m.matches()) {
            throw ConfigException.invalid(key, "expected a duration like 10s, 2m, 1h or 30d, got "
                    + YamlTokens.describe(value));
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw ConfigException.invalid(key, "'" + text + "' is too long");
        }
    }

    /** The inverse of {@link #parse}: {@code 90m}, {@code 10s}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s != 0 && s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
