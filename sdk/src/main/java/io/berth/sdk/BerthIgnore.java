package io.berth.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * {@code .berthignore} files in gitignore syntax, at the project root and in any subdirectory, with git's
 * precedence: the deepest file that has an opinion about a path decides, and the last matching line in it.
 */
final class BerthIgnore {
    static final String FILE_NAME = ".berthignore";

    /** Directory (relative, "" for the root) to its rules. */
    private final Map<String, IgnoreNode> nodes = new HashMap<>();

    /** Reads {@code dir}'s ignore file, if it has one; call before asking about anything inside it. */
    void load(Path root, String dir) throws IOException {
        Path file = (dir.isEmpty() ? root : root.resolve(dir)).resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            IgnoreNode node = new IgnoreNode();
            try (InputStream in = Files.newInputStream(file)) {
                node.parse(file.toString(), in);
            }
            nodes.put(dir, node);
        }
    }

    /** @param path relative to the project root, with '/' separators */
    boolean isIgnored(String path, boolean directory) {
        for (String dir = parentOf(path); dir != null; dir = dir.isEmpty() ? null : parentOf(dir)) {
            IgnoreNode node = nodes.get(dir);
            if (node != null) {
                Boolean ignored = node.checkIgnored(dir.isEmpty() ? path : path.substring(dir.length() + 1), directory);
                if (ignored != null) {
                    return ignored;
                }
            }
        }
        return false;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
