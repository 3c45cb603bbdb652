package io.berth.daemon.core;

import java.security.SecureRandom;
import java.time.Instant;
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
        char[] id = new char[16];
        long millis = now.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            id[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 10; i < 16; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(32)];
        }
        return new String(id);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** What a user may type to name a job: a non-empty start of an id, in any case. */
    public static boolean isValidPrefix(String prefix) {
        return prefix != null && VALID_PREFIX.matcher(prefix).matches();
    }
}
