package io.berth.sdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A project packed as a tar.gz in a temporary file, named by the SHA-256 of its bytes. Closing it deletes
 * the file.
 *
 * @param sha256    lowercase hex digest of {@code file}'s bytes: the bundle's name on the server
 * @param bytes     size of {@code file}
 * @param fileCount regular files and links in it
 * @param largest   its largest files, biggest first, for the large-bundle warning
 * @param paths     the paths in the project of its files and links ({@code src/train.py}); empty if not known
 */
public record Bundle(Path file, String sha256, long bytes, int fileCount, List<Entry> largest, Set<String> paths)
        implements AutoCloseable {

    /** Bundles above this size deserve a warning: probably data that belongs on the server or in .berthignore. */
    public static final long WARN_BYTES = 100L * 1024 * 1024;

    public Bundle {
        largest = List.copyOf(largest);
        paths = Set.copyOf(paths);
    }

    /** A bundle whose paths are not known. */
    public Bundle(Path file, String sha256, long bytes, int fileCount, List<Entry> largest) {
        this(file, sha256, bytes, fileCount, largest, Set.of());
    }

    /** A file in the bundle, by its path in the project ({@code data/train.csv}) and size before compression. */
    public record Entry(String path, long bytes) {}

    public boolean isLarge() {
        return bytes > WARN_BYTES;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temp file is not worth failing for
        }
    }
}
