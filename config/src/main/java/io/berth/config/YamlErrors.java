package io.berth.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Turns Jackson's exceptions into one-line {@link ConfigException}s naming file, line and key. */
final class YamlErrors {
    private YamlErrors() {}

    static ConfigException translate(Path file, String text, JsonProcessingException e, YamlLocator locator) {
        YAMLException yaml = find(e, YAMLException.class);
        if (yaml != null) {
            return syntaxError(file, yaml, e);
        }
        StreamReadException read = find(e, StreamReadException.class);
        if (read != null && read.getOriginalMessage().startsWith("Duplicate field")) {
            List<String> path = contextPath(read);
            return ConfigException.keyInDetail(file, lineOf(read.getLocation()), path,
                    "duplicate key '" + KeyPaths.dotted(path) + "'", e);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownKey(file, u, locator.lineOf(text, pathOf(u)));
        }
        if (e instanceof JsonMappingException m) {
            List<String> path = pathOf(m);
            ConfigException cause = find(e.getCause(), ConfigException.class);
            String detail;
            if (cause != null) {
                path.addAll(cause.keyPath());
                detail = cause.detail();
            } else if (e instanceof InvalidFormatException f) {
                detail = "expected " + kindOf(f.getTargetType()) + ", got " + YamlTokens.describe(f.getValue());
            } else if (e instanceof MismatchedInputException mi) {
                detail = "expected " + kindOf(mi.getTargetType()) + found(mi);
            } else {
                detail = firstLine(m.getOriginalMessage());
            }
            Integer line = locator.lineOf(text, path);
            if (line == null && cause == null) {
                line = lineOf(e.getLocation());
            }
            return ConfigException.at(file, line, path, detail, e);
        }
        return ConfigException.at(file, lineOf(e.getLocation()), List.of(), firstLine(e.getOriginalMessage()), e);
    }

    private static ConfigException unknownKey(Path file, UnrecognizedPropertyException u, Integer line) {
        List<String> path = pathOf(u);
        List<String> parent = path.subList(0, path.size() - 1);
        Collection<String> known = new TreeSet<>();
        u.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
        String hint = ForeignKeys.hint(u.getReferringClass(), u.getPropertyName()).map(h -> " (" + h + ")")
                .or(() -> KeySuggestions.closest(u.getPropertyName(), known)
                        .map(k -> " (did you mean " + KeyPaths.dotted(append(parent, k)) + "?)"))
                .orElse(known.isEmpty() ? "" : " (known keys: " + String.join(", ", known) + ")");
        return ConfigException.keyInDetail(file, line != null ? line : lineOf(u.getLocation()), path,
                "unknown key '" + KeyPaths.dotted(path) + "'" + hint, u);
    }

    private static ConfigException syntaxError(Path file, YAMLException yaml, JsonProcessingException e) {
        if (yaml instanceof MarkedYAMLException marked) {
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
            return ConfigException.at(file, mark == null ? null : mark.getLine() + 1, List.of(),
                    "invalid YAML: " + context + marked.getProblem(), e);
        }
        return ConfigException.at(file, lineOf(e.getLocation()), List.of(),
                "invalid YAML: " + firstLine(yaml.getMessage()), e);
    }

    /** SnakeYAML's messages repeat the position as a multi-line excerpt; the first line says what is wrong. */
    private static String firstLine(String message) {
        String first = message.strip().lines().findFirst().orElse("syntax error");
        return first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
    }

    private static Integer lineOf(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null : location.getLineNr();
    }

    private static List<String> pathOf(JsonMappingException e) {
        List<String> path = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.add(ref.getFieldName() != null ? ref.getFieldName() : KeyPaths.index(ref.getIndex()));
        }
        return path;
    }

    private static List<String> contextPath(StreamReadException s) {
        List<String> path = new ArrayList<>();
        if (s.getProcessor() != null) {
            for (JsonStreamContext c = s.getProcessor().getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
                path.add(0, c.inArray() ? KeyPaths.index(c.getCurrentIndex()) : String.valueOf(c.getCurrentName()));
            }
        }
        return path;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String found(MismatchedInputException e) {
        try {
            if (e.getProcessor() instanceof JsonParser p && p.currentToken() != null) {
                return ", got " + YamlTokens.describe(p);
            }
        } catch (IOException ignored) {
            // the message stays without the value
        }
        return "";
    }

    private static String kindOf(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == BigInteger.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "a mapping" : "another kind of value";
    }

    private static List<String> append(List<String> path, String key) {
        List<String> result = new ArrayList<>(path);
        result.add(key);
        return result;
    }
}
