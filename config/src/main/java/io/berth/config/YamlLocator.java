package io.berth.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the line of a key in YAML text, for errors found after a value was read (a record's validation
 * runs once its mapping has ended, so the parser is no longer on the key at fault).
 */
final class YamlLocator {
    private final YAMLFactory factory;

    YamlLocator(YAMLFactory factory) {
        this.factory = factory;
    }

    /** The line of the deepest part of {@code path} that the text has; null for none or the top level. */
    Integer lineOf(String text, List<String> path) {
        for (int n = path.size(); n > 0; n--) {
            Integer line = exactLineOf(text, path.subList(0, n));
            if (line != null) {
                return line;
            }
        }
        return null;
    }

    private Integer exactLineOf(String text, List<String> path) {
        try (JsonParser p = factory.createParser(text)) {
            return p.nextToken() == null ? null : walk(p, new ArrayList<>(), path);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Walks the value under the parser; returns the line where {@code target} starts, or null. */
    private static Integer walk(JsonParser p, List<String> at, List<String> target) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                at.add(p.currentName());
                int line = p.currentTokenLocation().getLineNr();
                if (at.equals(target)) {
                    return line;
                }
                p.nextToken();
                Integer found = isPrefix(at, target) ? walk(p, at, target) : skip(p);
                if (found != null) {
                    return found;
                }
                at.remove(at.size() - 1);
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                at.add(KeyPaths.index(i));
                if (at.equals(target)) {
                    return p.currentTokenLocation().getLineNr();
                }
                Integer found = isPrefix(at, target) ? walk(p, at, target) : skip(p);
                if (found != null) {
                    return found;
                }
                at.remove(at.size() - 1);
            }
        }
        return null;
    }

    private static Integer skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static boolean isPrefix(List<String> at, List<String> target) {
        return at.size() < target.size() && target.subList(0, at.size()).equals(at);
    }
}
