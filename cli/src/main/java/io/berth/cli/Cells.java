package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.wire.JobRequests;
import io.berth.wire.JobView;
import io.berth.wire.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How values look in tables: times in the local zone, ages short (12s, 4m, 2h), numbers short, params and
 * metrics as key=value pairs with lists and maps in JSON, a job's requests as "2 GPUs, 1.5 CPUs, 8g". For
 * programs (CSV), {@link #exact}, {@link #jsonObject} and {@link #isoTime} keep every value whole.
 */
final class Cells {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneId.systemDefault());
    private static final Pattern SHELL_SPECIAL = Pattern.compile("[\\s'\"\\\\$`!*?&;|<>(){}\\[\\]#~]");

    private Cells() {}

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** The whole time with its offset, for programs ({@code 2026-12-01T20:02:12+01:00}). */
    static String isoTime(Instant instant) {
        return instant == null ? "" : ISO_TIME.format(instant);
    }

    /** A command as a shell would take it back: arguments with spaces, quotes or shell characters single-quoted. */
    static String command(List<String> args) {
        return args.stream().map(Cells::shellWord).collect(Collectors.joining(" "));
    }

    private static String shellWord(String arg) {
        return arg.isEmpty() || SHELL_SPECIAL.matcher(arg).find() ? "'" + arg.replace("'", "'\\''") + "'" : arg;
    }

    /** A value for people: fractions to 6 significant digits, lists and maps as JSON. */
    static String value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return number == Math.rint(number) && Math.abs(number) < 1e15
                    ? String.valueOf((long) number) + ".0" : String.format(Locale.ROOT, "%.6g", number).replaceAll("\\.?0+(e|$)", "$1");
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return json(value);
        }
        return String.valueOf(value);
    }

    /**
     * A value whole, for programs: strings as they are, anything else as its JSON, as {@code --json} writes it,
     * so that a number reads back as exactly the same number (0.7640641001472513, 1.0E-7, 2.0E23).
     */
    static String exact(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof String text ? text : json(value);
    }

    private static String json(Object value) {
        try {
            return WireJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /**
     * A map as one JSON object, keys by name, every value whole, for a CSV cell: it reads back exactly whatever
     * the keys and values hold ({@code =}, {@code ,}, spaces), which {@code key=value} pairs would not.
     */
    static String jsonObject(Map<String, ?> values) {
        Map<String, Object> byName = new TreeMap<>(NaturalOrder.NAMES);
        byName.putAll(values);
        return json(byName);
    }

    /** {@code key=value ...} by key ({@link NaturalOrder}), each value as {@code shown} makes it ({@link #value}). */
    static String pairs(Map<String, ?> values, Function<Object, String> shown) {
        return values.entrySet().stream().sorted(Map.Entry.comparingByKey(NaturalOrder.NAMES))
                .map(e -> e.getKey() + "=" + shown.apply(e.getValue())).collect(Collectors.joining(" "));
    }

    /**
     * The params a table shows of a job: those it was submitted with, each replaced by the value the job logged
     * under the same name (what it says it ran with), then those it only logged. {@code --json} keeps the two apart.
     */
    static Map<String, Object> params(JobView job) {
        Map<String, Object> shown = new LinkedHashMap<>(job.params());
        shown.putAll(job.loggedParams());
        return shown;
    }

    /** How long ago, in its largest whole unit: 12s, 4m, 2h, 3d (hours up to two days). */
    static String age(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    /** The GPUs, CPUs and memory a job asks for ("2 GPUs, 1.5 CPUs, 8g"), or "-" when it asks for none. */
    static String needs(JobRequests requests) {
        List<String> parts = new ArrayList<>();
        if (requests.gpus() > 0) {
            parts.add(Quantities.gpusCounted(requests.gpus()));
        }
        if (requests.cpus() != null) {
            parts.add(Quantities.cpusCounted(requests.cpus()));
        }
        if (requests.memoryBytes() != null) {
            parts.add(Quantities.memory(requests.memoryBytes()));
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** Where the job ran (its current or last attempt): the agent's name, "local" for the server's engine, else "". */
    static String node(JobView job) {
        return job.node() != null ? job.node() : job.startedAt() != null ? "local" : "";
    }
}
