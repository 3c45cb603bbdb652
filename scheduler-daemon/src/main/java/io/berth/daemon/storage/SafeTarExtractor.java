package io.berth.daemon.storage;

import io.berth.daemon.core.InvalidBundleException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a bundle (tar.gz) into a directory without ever writing outside it: no absolute paths, no
 * {@code ..}, no links that point out, no hard links, devices or FIFOs, and caps on total size and entry
 * count (a decompression bomb stops at the cap). On any refusal the directory is removed again, so
 * nothing is left half-extracted.
 */
public final class SafeTarExtractor {
    private final long maxBytes;
    private final int maxEntries;

    public SafeTarExtractor(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    public void extract(Path tarGz, Path target) {
        try {
            Files.createDirectories(target);
            Path root = target.toRealPath();
            try (InputStream file = Files.newInputStream(tarGz);
                 TarArchiveInputStream tar = new TarArchiveInputStream(
                         new GzipCompressorInputStream(new BufferedInputStream(file)))) {
                extractEntries(tar, root);
            }
        } catch (IOException | RuntimeException e) {
            TreeDeleter.deleteQuietly(target);
            if (e instanceof InvalidBundleException invalid) {
                throw invalid;
            }
            throw new InvalidBundleException("cannot unpack bundle " + tarGz.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private void extractEntries(TarArchiveInputStream tar, Path root) throws IOException {
        long total = 0;
        int count = 0;
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
            if (++count > maxEntries) {
                throw new InvalidBundleException("bundle has more than " + maxEntries + " entries");
            }
            Path dest = inside(root, entry.getName());
            if (entry.isLink() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                // checked first: commons-compress counts a hard link as a file
                throw refused(entry, "is a hard link, device or FIFO");
            } else if (entry.isDirectory()) {
                Files.createDirectories(dest);
            } else if (entry.isSymbolicLink()) {
                Path linkTarget = dest.getParent().resolve(entry.getLinkName()).normalize();
                if (!linkTarget.startsWith(root)) {
                    throw refused(entry, "is a link pointing outside the job directory");
                }
                Files.createDirectories(dest.getParent());
                Files.createSymbolicLink(dest, Path.of(entry.getLinkName()));
            } else if (entry.isFile()) {
                Files.createDirectories(dest.getParent());
                total = copy(tar, dest, total);
                if ((entry.getMode() & 0100) != 0) {
                    addOwnerExecute(dest);
                }
            } else {
                throw refused(entry, "is a hard link, device or FIFO");
            }
        }
    }

    /** The entry's path under root, refusing names that would leave it (also through links already made). */
    private static Path inside(Path root, String name) throws IOException {
        if (name.startsWith("/") || name.contains("\\")) {
            throw new InvalidBundleException("bundle entry '" + name + "' has an absolute path");
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root)) {
            throw new InvalidBundleException("bundle entry '" + name + "' points outside the job directory");
        }
        Path parent = dest.getParent();
        if (parent != null && Files.exists(parent) && !parent.toRealPath().startsWith(root)) {
            throw new InvalidBundleException("bundle entry '" + name + "' goes through a link outside the job directory");
        }
        return dest;
    }

    private long copy(InputStream in, Path dest, long total) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(dest)) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > maxBytes) {
                    throw new InvalidBundleException("bundle unpacks to more than " + maxBytes / (1024 * 1024) + " MB");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static void addOwnerExecute(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, perms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InvalidBundleException refused(TarArchiveEntry entry, String why) {
        return new InvalidBundleException("bundle entry '" + entry.getName() + "' " + why);
    }
}
