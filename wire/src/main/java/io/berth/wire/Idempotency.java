package io.berth.wire;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Idempotency keys of submissions. A client makes one per submission and sends it with every retry; the
 * server remembers for {@link #REMEMBERED_FOR_SECONDS} which job (or sweep) a key queued and answers a
 * retry with that one instead of queueing again.
 */
public final class Idempotency {
    public static final long REMEMBERED_FOR_SECONDS = 24 * 3600;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,128}");

    private Idempotency() {}

    public static String newKey() {
        return UUID.randomUUID().toString();
    }

    /** @throws IllegalArgumentException unless null or 8 to 128 letters, digits, '-' and '_' */
    static void check(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("an idempotency key is 8 to 128 letters, digits, '-' or '_'");
        }
    }
}
