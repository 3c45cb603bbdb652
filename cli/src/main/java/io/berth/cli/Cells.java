package io.berth.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How values look in tables: times in the local zone, numbers short, maps as key=value pairs. */
final class Cells {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Cells() {}

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return number == Math.rint(number) && Math.abs(number) < 1e15
                    ? String.valueOf((long) number) + ".0" : String.format(Locale.ROOT, "%.6g", number).replaceAll("\\.?0+(e|$)", "$1");
        }
        return String.valueOf(value);
    }

    static String pairs(Map<String, ?> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue())).collect(Collectors.joining(" "));
    }
}
