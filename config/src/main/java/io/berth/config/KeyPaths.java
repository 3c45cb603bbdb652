package io.berth.config;

import java.util.List;

/**
 * Keys are kept as lists of segments, because map keys such as volume paths may contain dots, and shown
 * dotted. A list position is the segment {@code [2]}, shown as {@code worker.args[2]}.
 */
final class KeyPaths {
    private KeyPaths() {}

    static String dotted(List<String> path) {
        StringBuilder s = new StringBuilder();
        for (String segment : path) {
            if (s.length() > 0 && !isIndex(segment)) {
                s.append('.');
            }
            s.append(segment);
        }
        return s.toString();
    }

    static String index(int i) {
        return "[" + i + "]";
    }

    static boolean isIndex(String segment) {
        return segment.length() > 2 && segment.startsWith("[") && segment.endsWith("]");
    }
}
