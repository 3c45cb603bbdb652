package io.berth.daemon.storage;

import io.berth.archive.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What every job container gets from its server, read-only, whatever its image: Berth's Python helpers
 * ({@code python/berth}, {@code python/foundations}) and the entrypoint ({@code berth-entrypoint.sh}). They come
 * from the server's own jar, so a job's helpers are always its server's, and are unpacked once per content into
 * {@code <data dir>/helpers/<digest>/}: a server of another version next time gets a directory of its own and
 * never changes the files under a running container.
 */
public final class HelperFiles {
    /** Where the build puts the helpers among the server's classes (scheduler-daemon/pom.xml). */
    static final String RESOURCES = "io/berth/daemon/helpers";
    private static final String ENTRYPOINT = "berth-entrypoint.sh";
    private static final String PARTIAL = ".partial-";

    private HelperFiles() {}

    /**
     * The helpers' directory under {@code dataDir}, unpacked if this content is not there yet.
     *
     * @throws UncheckedIOException if they cannot be read from the server's classes or written
     */
    public static Path unpack(Path dataDir) {
        Map<String, byte[]> files = read();
        Path helpers = dataDir.resolve("helpers");
        Path target = helpers.resolve(digest(files));
        removePartials(helpers);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path partial = helpers.resolve(PARTIAL + UUID.randomUUID());
        try {
            write(files, partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherWroteIt) {
            FileTrees.deleteQuietly(partial);
        } catch (IOException e) {
            FileTrees.deleteQuietly(partial);
            throw new UncheckedIOException("cannot unpack the job helpers into " + target, e);
        }
        return target;
    }

    /** What a server killed while it unpacked left: never mounted, as only whole directories are renamed into place. */
    private static void removePartials(Path helpers) {
        if (!Files.isDirectory(helpers)) {
            return;
        }
        try (Stream<Path> entries = Files.list(helpers)) {
            entries.filter(p -> p.getFileName().toString().startsWith(PARTIAL)).forEach(FileTrees::deleteQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + helpers, e);
        }
    }

    /** Relative path to content, sorted, so that the digest depends on nothing else. */
    private static Map<String, byte[]> read() {
        URL root = HelperFiles.class.getClassLoader().getResource(RESOURCES);
        if (root == null) {
            throw new UncheckedIOException(new IOException("the server was built without its job helpers ("
                    + RESOURCES + " is not among its classes)"));
        }
        try {
            URI uri = root.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return read(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return read(jar.getPath(RESOURCES));
            } catch (FileSystemAlreadyExistsException open) {
                return read(FileSystems.getFileSystem(uri).getPath(RESOURCES));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job helpers from " + root, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the job helpers' location " + root + " is not a URI", e);
        }
    }

    private static Map<String, byte[]> read(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path file : tree.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /**
     * Readable by every user (jobs run as any uid their image or submitter has), writable by none but the
     * server's: the mount is read-only as well.
     */
    private static void write(Map<String, byte[]> files, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
            Files.setPosixFilePermissions(path,
                    PosixFilePermissions.fromString(file.getKey().equals(ENTRYPOINT) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path sub : tree.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    /** 16 hex digits of the SHA-256 over every path and its content's SHA-256: enough to tell versions apart. */
    private static String digest(Map<String, byte[]> files) {
        MessageDigest all = sha256();
        files.forEach((path, content) -> {
            all.update(path.getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(sha256().digest(content));
        });
        return HexFormat.of().formatHex(all.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
