package io.berth.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Comma-separated values, as {@code --grid} and {@code choice(...)} take them: split only at commas outside
 * JSON brackets, braces and double quotes, each part typed like a {@code -p} value. A part that starts with
 * {@code [} or <code>{</code> must be one whole JSON value; anything else that cannot be read is refused
 * rather than guessed at.
 */
final class ValueList {
    private ValueList() {}

    /** The values of {@code text}; {@code where} names the option in a usage error. */
    static List<Object> parse(String where, String text) {
        List<Object> values = new ArrayList<>();
        for (String part : split(where, text)) {
            String value = part.strip();
            if (value.isEmpty()) {
                throw new UserError(ExitCodes.USAGE, where + ": an empty value (two commas, or one at an end)");
            }
            Object typed = ParamValues.typed(value);
            if ((value.startsWith("[") || value.startsWith("{")) && typed instanceof String) {
                throw new UserError(ExitCodes.USAGE, where + ": '" + value + "' is not one JSON value; separate "
                        + "values with commas (x=[1,2],[3]) or write them all as one JSON array (x=[[1,2],[3]])");
            }
            values.add(typed);
        }
        return values;
    }

    private static List<String> split(String where, String text) {
        List<String> parts = new ArrayList<>();
        Deque<Character> open = new ArrayDeque<>();
        boolean inString = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                open.push(c == '[' ? ']' : '}');
            } else if (c == ']' || c == '}') {
                if (open.isEmpty() || open.pop() != c) {
                    throw unbalanced(where, "'" + c + "' closes nothing open");
                }
            } else if (c == ',' && open.isEmpty()) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (inString) {
            throw unbalanced(where, "a '\"' is not closed");
        }
        if (!open.isEmpty()) {
            throw unbalanced(where, "'" + open.peek() + "' is missing");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static UserError unbalanced(String where, String what) {
        return new UserError(ExitCodes.USAGE, where + ": " + what + "; values are split at commas outside brackets, "
                + "braces and double quotes (to give such a string, write the values as a JSON array of strings)");
    }
}
