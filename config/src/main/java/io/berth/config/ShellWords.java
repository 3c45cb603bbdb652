package io.berth.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command written as one string into words the way a POSIX shell (and docker-py's
 * {@code shlex.split}) does: whitespace separates, quotes group, backslash escapes. No expansion.
 */
public final class ShellWords {
    private ShellWords() {}

    /** @throws ConfigException (value-level, naming {@code key}) on an unterminated quote or escape */
    public static List<String> split(String key, String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\') {
                    if (++i == text.length()) {
                        throw ConfigException.invalid(key, "ends with a lone backslash: " + text);
                    }
                    word.append(text.charAt(i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw ConfigException.invalid(key, "unterminated " + quote + " quote in: " + text);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }
}
