package io.berth.daemon.core;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Job ids: 16 lower-case Crockford base-32 characters, 10 of milliseconds since the epoch and 6
 * random. They sort by submission time as strings, which is what the store's index relies on.
 */
public final class JobIds {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Pattern VALID = Pattern.compile("[0-9a-hjkmnp-tv-z]{16}");
    private static final Pattern VALID_PREFIX = Pattern.compile("[0-9a-hjkmnp-tv-z]{1,16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {}

    public static String next(Instant now) {
        return sequence(now, 1).get(0);
    }

    /**
     * {@code count} ids of one moment that sort in the order given, so a sweep's jobs are queued in the
     * order of their parameter sets: a random start in the lower half of the 30 random bits, counted up.
     */
    public static List<String> sequence(Instant now, int count) {
        String time = encode(now.toEpochMilli(), 10);
        long start = RANDOM.nextInt(1 << 29);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(time + encode(start + i, 6));
        }
        return ids;
    }

    private static String encode(long value, int length) {
        char[] chars = new char[length];
        for (int i = length - 1; i >= 0; i--) {
            chars[i] = ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
        return new String(chars);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** What a user may type to name a job: a non-empty start of an id, in any case. */
    public static boolean isValidPrefix(String prefix) {
        return prefix != null && VALID_PREFIX.matcher(prefix).matches();
    }
}
