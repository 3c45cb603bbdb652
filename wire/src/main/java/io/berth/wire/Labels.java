package io.berth.wire;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels agents offer ({@code gpu_model: a100}) and the constraints jobs put on them
 * ({@code worker.constraints}): one rule for both, so that whatever an agent may be labelled a job may ask for.
 */
public final class Labels {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,62})");
    public static final String KEY_RULE = "letters, digits, '.', '_', '/' or '-', starting with a letter or digit,"
            + " at most 63 characters";
    public static final int MAX_VALUE_LENGTH = 256;

    private Labels() {}

    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** Why this key and value cannot be a label (or a constraint), naming the key; null if they can. */
    public static String whyNot(String key, String value) {
        if (!isKey(key)) {
            return "'" + key + "': expected " + KEY_RULE;
        }
        if (value == null || value.isBlank()) {
            return "'" + key + "' has no value";
        }
        if (value.length() > MAX_VALUE_LENGTH || value.lines().count() > 1) {
            return "'" + key + "': a value is one line of at most " + MAX_VALUE_LENGTH + " characters";
        }
        return null;
    }

    /** Why these cannot be labels (or constraints): the first bad entry's {@link #whyNot}; null if they can. */
    public static String whyNot(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> whyNot(e.getKey(), e.getValue()))
                .filter(why -> why != null).findFirst().orElse(null);
    }
}
