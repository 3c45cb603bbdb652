package io.berth.daemon.storage;

import io.berth.archive.FileTrees;
import io.berth.archive.SafeTarExtractor;
import io.berth.archive.UnpackException;
import io.berth.daemon.core.BundleStore;
import io.berth.daemon.core.InvalidBundleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bundles as {@code <dir>/<sha256>.tar.gz}. An upload is written to a temporary file and renamed into
 * place only once its hash is checked and its entries pass the checks a job's unpacking makes, so a crash
 * or a bad upload never leaves a bundle under a name its bytes do not match, nor one no job could unpack.
 */
public final class FileSystemBundleStore implements BundleStore {
    private final Path dir;
    private final Path incoming;
    private final long maxBytes;
    private final SafeTarExtractor unpacking;

    /** @param unpacking the checks a job's unpacking of the bundle will make, made at upload too */
    public FileSystemBundleStore(Path dir, long maxBytes, SafeTarExtractor unpacking) {
        this.dir = dir;
        this.incoming = dir.resolve("incoming");
        this.maxBytes = maxBytes;
        this.unpacking = unpacking;
        try {
            Files.createDirectories(incoming);
            removePartialUploads();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create bundle directory " + dir, e);
        }
    }

    /** Uploads a previous server was receiving when it stopped: never acknowledged, so nobody waits for them. */
    private void removePartialUploads() throws IOException {
        try (var partials = Files.list(incoming)) {
            for (Path partial : partials.toList()) {
                String name = partial.getFileName().toString();
                if (name.endsWith(".part") || name.endsWith(".check")) {
                    FileTrees.deleteQuietly(partial);
                }
            }
        }
    }

    @Override
    public boolean contains(String digest) {
        return BundleStore.isValidDigest(digest) && Files.isRegularFile(file(digest));
    }

    @Override
    public void put(String digest, InputStream bytes) {
        if (!BundleStore.isValidDigest(digest)) {
            throw new InvalidBundleException("not a SHA-256 digest: " + digest);
        }
        Path partial = null;
        try {
            partial = Files.createTempFile(incoming, digest, ".part");
            MessageDigest sha256 = sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
                copyCapped(bytes, out);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(digest)) {
                throw new InvalidBundleException("bundle " + digest + " was received with digest " + actual
                        + " (corrupted or truncated upload)");
            }
            try {
                unpacking.check(partial, incoming.resolve(partial.getFileName() + ".check"));
            } catch (UnpackException e) {
                throw new InvalidBundleException("bundle " + digest + " is refused: " + e.getMessage());
            }
            Files.move(partial, file(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            partial = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store bundle " + digest, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public Path path(String digest) {
        if (!contains(digest)) {
            throw new InvalidBundleException("the server has no bundle " + digest + "; upload it first");
        }
        return file(digest);
    }

    @Override
    public Map<String, Instant> stored() {
        Map<String, Instant> bundles = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                String digest = name.endsWith(".tar.gz") ? name.substring(0, name.length() - ".tar.gz".length()) : "";
                if (BundleStore.isValidDigest(digest)) {
                    bundles.put(digest, Files.getLastModifiedTime(file).toInstant());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundles in " + dir, e);
        }
        return bundles;
    }

    @Override
    public void delete(String digest) {
        if (BundleStore.isValidDigest(digest)) {
            deleteQuietly(file(digest));
        }
    }

    private Path file(String digest) {
        return dir.resolve(digest + ".tar.gz");
    }

    private void copyCapped(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > maxBytes) {
                throw new BundleTooLargeException(maxBytes);
            }
            out.write(buffer, 0, n);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover .part file is harmless; the next start removes it
            }
        }
    }
}
