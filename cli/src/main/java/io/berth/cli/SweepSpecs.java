package io.berth.cli;

import io.berth.config.SweepFile;
import io.berth.sdk.Distribution;
import io.berth.sdk.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sweep {@code berth sweep} was asked for, from its options or its params file. Values are typed as
 * {@code -p} types them; distributions are {@code uniform(a,b)}, {@code loguniform(a,b)}, {@code int(a,b)}
 * and {@code choice(x,y,...)}.
 */
final class SweepSpecs {
    private static final Pattern DISTRIBUTION = Pattern.compile("\\s*([A-Za-z_]+)\\s*\\((.*)\\)\\s*");

    private SweepSpecs() {}

    /**
     * The {@code key=value} texts of a repeated {@code option}, in the order given. A key given twice is a
     * usage error: the command line does not silently let the last one win.
     */
    static Map<String, String> keyed(String option, List<String> given) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String text : given) {
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw new UserError(ExitCodes.USAGE, option + " " + text + ": expected key=value");
            }
            String key = text.substring(0, equals);
            String earlier = options.putIfAbsent(key, text.substring(equals + 1));
            if (earlier != null) {
                throw new UserError(ExitCodes.USAGE, option + ": '" + key + "' is given twice (" + key + "=" + earlier
                        + " and " + text + "); give each key once");
            }
        }
        return options;
    }

    /** {@code --grid key=v1,v2,...} (or {@code key=[json, array]}), in the order given: the first varies slowest. */
    static Sweep grid(Map<String, String> options) {
        Map<String, List<?>> values = new LinkedHashMap<>();
        options.forEach((key, text) -> values.put(key, gridValues(key, text)));
        return checked(() -> Sweep.grid(values));
    }

    /** {@code --random key=dist(a,b)} with {@code -n} draws from {@code seed}. */
    static Sweep random(Map<String, String> options, int n, long seed) {
        Map<String, Distribution> distributions = new LinkedHashMap<>();
        options.forEach((key, text) -> distributions.put(key, distribution("--random " + key + "=" + text, text)));
        return checked(() -> Sweep.random(n, seed, distributions));
    }

    /** A {@link SweepFile}'s sweep; a random one without a seed draws from {@code seedIfNone}. */
    static Sweep fromFile(Path file, SweepFile spec, long seedIfNone) {
        try {
            if (spec.grid() != null) {
                return Sweep.grid(spec.grid());
            }
            if (spec.sets() != null) {
                return Sweep.of(spec.sets());
            }
            Map<String, Distribution> distributions = new LinkedHashMap<>();
            spec.random().params().forEach((key, value) -> distributions.put(key, value instanceof List<?> list
                    ? Distribution.choice(list)
                    : distribution(file + ": random.params." + key, String.valueOf(value))));
            long seed = spec.random().seed() != null ? spec.random().seed() : seedIfNone;
            return Sweep.random(spec.random().n(), seed, distributions);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.INVALID_INPUT, file + ": " + e.getMessage());
        }
    }

    private static List<Object> gridValues(String key, String text) {
        String where = "--grid " + key + "=" + text;
        if (key.isBlank()) {
            throw new UserError(ExitCodes.USAGE, where + ": the parameter has no name");
        }
        if (ParamValues.typed(text) instanceof List<?> list) { // the whole text is one JSON array
            return new ArrayList<>(list);
        }
        return ValueList.parse(where, text);
    }

    /** {@code uniform(a,b)}, {@code loguniform(a,b)}, {@code int(a,b)} or {@code choice(x,y,...)}. */
    static Distribution distribution(String where, String text) {
        Matcher m = DISTRIBUTION.matcher(text);
        if (!m.matches()) {
            throw new UserError(ExitCodes.USAGE, where + ": expected uniform(a,b), loguniform(a,b), int(a,b) "
                    + "or choice(x,y,...)");
        }
        String name = m.group(1).toLowerCase(Locale.ROOT).replace("_", "");
        List<Object> args = ValueList.parse(where, m.group(2));
        return switch (name) {
            case "uniform" -> Distribution.uniform(number(where, args, 0), number(where, args, 1));
            case "loguniform" -> Distribution.logUniform(number(where, args, 0), number(where, args, 1));
            case "int", "integer" -> Distribution.integer(whole(where, args, 0), whole(where, args, 1));
            case "choice" -> Distribution.choice(args);
            default -> throw new UserError(ExitCodes.USAGE, where + ": '" + m.group(1) + "' is not a distribution; "
                    + "use uniform, loguniform, int or choice");
        };
    }

    private static double number(String where, List<Object> args, int index) {
        if (args.size() != 2) {
            throw new UserError(ExitCodes.USAGE, where + ": takes two numbers, a and b");
        }
        if (!(args.get(index) instanceof Number n)) {
            throw new UserError(ExitCodes.USAGE, where + ": '" + args.get(index) + "' is not a number");
        }
        return n.doubleValue();
    }

    private static long whole(String where, List<Object> args, int index) {
        number(where, args, index);
        if (!(args.get(index) instanceof Integer || args.get(index) instanceof Long)) {
            throw new UserError(ExitCodes.USAGE, where + ": '" + args.get(index) + "' is not a whole number");
        }
        return ((Number) args.get(index)).longValue();
    }

    private interface Making {
        Sweep make();
    }

    /** The SDK's checks name the key; they are the command line's fault here. */
    private static Sweep checked(Making making) {
        try {
            return making.make();
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.USAGE, e.getMessage());
        }
    }
}
