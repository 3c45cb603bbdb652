package io.berth.cli;

/**
 * Text from jobs (tags, params, project names, reasons) as people's output shows it: control characters
 * escaped ({@code \n}, {@code \t}, {@code \x1b}, {@code \u2028}), so that a newline cannot break a table's row
 * and an escape sequence never reaches the terminal (where {@code \x1b]0;...} would set its title).
 * {@code --json} and {@code --csv} keep the text whole.
 */
public final class Printable {
    private Printable() {}

    public static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String escaped = escaped(codePoint);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.substring(0, i));
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.appendCodePoint(codePoint);
                }
            }
            i += Character.charCount(codePoint);
        }
        return out == null ? text : out.toString();
    }

    /** How a character that must not reach the terminal is shown; null for one that may. */
    private static String escaped(int codePoint) {
        String named = switch (codePoint) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
        };
        if (named != null) {
            return named;
        }
        int type = Character.getType(codePoint);
        if (type == Character.CONTROL) {
            return String.format("\\x%02x", codePoint);
        }
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || isBidiControl(codePoint)) {
            return String.format("\\u%04x", codePoint);
        }
        return null;
    }

    /** Embeddings, overrides and isolates, which reorder the text after them on the terminal. */
    private static boolean isBidiControl(int codePoint) {
        return codePoint >= 0x202a && codePoint <= 0x202e || codePoint >= 0x2066 && codePoint <= 0x2069;
    }
}
