package io.berth.wire;

import java.util.regex.Pattern;

/**
 * What a project may be called: letters and digits of any script, '.', '_' and '-', starting with a letter or a
 * digit, up to 128 characters. Shown in tables and matched by {@code --project}, so no spaces or separators.
 */
public final class ProjectNames {
    public static final String RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit, up to 128";
    private static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}._-]{0,127}");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^\\p{L}\\p{M}\\p{N}._-]+");
    private static final Pattern LEADING = Pattern.compile("^[^\\p{L}\\p{N}]+");

    private ProjectNames() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * What to tell whoever gave this name, which is not {@link #isValid valid}, with the name Berth would make
     * of it ({@code 'My Atlas Project' ... ; use 'My-Atlas-Project'}), as Atlas allowed spaces.
     */
    public static String invalid(String name) {
        String refused = "'" + name + "' is not a valid project name (" + RULE + ")";
        String valid = name == null ? null : madeValid(name);
        return valid == null ? refused : refused + "; use '" + valid + "'";
    }

    /**
     * The project name a directory gives when nothing names the project: its name with each run of other
     * characters made one '-' ({@code my project} → {@code my-project}), or {@code default} if nothing is left.
     */
    public static String fromDirectoryName(String directoryName) {
        String name = madeValid(directoryName);
        return name != null ? name : "default";
    }

    /** {@code text} with each run of other characters made one '-'; null if nothing valid is left. */
    private static String madeValid(String text) {
        String name = LEADING.matcher(NOT_ALLOWED.matcher(text).replaceAll("-")).replaceFirst("");
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
        }
        return isValid(name) ? name : null;
    }
}
