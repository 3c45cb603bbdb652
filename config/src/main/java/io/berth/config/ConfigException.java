package io.berth.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A configuration file, or one value in it, that Berth cannot use. The message is one line a user can
 * act on: {@code job.config.yaml:7: worker.volumes./data.mode: must be rw or ro, got 'rx'}.
 * A value-level error (thrown while parsing a value, before its file is known) has no file or line;
 * the loaders re-throw it with both.
 */
public class ConfigException extends RuntimeException {
    private final Path file;
    private final Integer line;
    private final List<String> keyPath;
    private final String detail;

    public ConfigException(Path file, Integer line, String key, String detail) {
        this(file, line, key == null ? List.of() : List.of(key), detail, true, null);
    }

    private ConfigException(Path file, Integer line, List<String> keyPath, String detail, boolean showKey,
                            Throwable cause) {
        super(format(file, line, showKey ? keyPath : List.of(), detail), cause);
        this.file = file;
        this.line = line;
        this.keyPath = List.copyOf(keyPath);
        this.detail = detail;
    }

    /** A value that is wrong wherever it came from: {@code ram: expected a size like 8g, got 'lots'}. */
    public static ConfigException invalid(String key, String detail) {
        return new ConfigException(null, null, key, detail);
    }

    static ConfigException invalid(List<String> keyPath, String detail) {
        return new ConfigException(null, null, keyPath, detail, true, null);
    }

    /** A file-level error whose message already names the key, like unknown keys. */
    static ConfigException keyInDetail(Path file, Integer line, List<String> keyPath, String detail, Throwable cause) {
        return new ConfigException(file, line, keyPath, detail, false, cause);
    }

    static ConfigException at(Path file, Integer line, List<String> keyPath, String detail, Throwable cause) {
        return new ConfigException(file, line, keyPath, detail, true, cause);
    }

    /** The file at fault, or null for a value-level error or one that concerns no single file. */
    public Path file() {
        return file;
    }

    /** 1-based line in {@link #file()}, or null when no line applies (a missing key, an unreadable file). */
    public Integer line() {
        return line;
    }

    /** Dotted path of the key at fault ({@code worker.volumes./data.mode}), or null. */
    public String key() {
        return keyPath.isEmpty() ? null : KeyPaths.dotted(keyPath);
    }

    List<String> keyPath() {
        return keyPath;
    }

    /** The message without file, line and key. */
    public String detail() {
        return detail;
    }

    private static String format(Path file, Integer line, List<String> keyPath, String detail) {
        StringBuilder s = new StringBuilder();
        if (file != null) {
            s.append(file.normalize());
            if (line != null) {
                s.append(':').append(line);
            }
            s.append(": ");
        }
        if (!keyPath.isEmpty()) {
            s.append(KeyPaths.dotted(keyPath)).append(": ");
        }
        return s.append(detail).toString();
    }
}
