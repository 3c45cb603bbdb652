package io.berth.sdk;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Packs a project directory into a tar.gz whose bytes depend only on the files' paths, contents and
 * executable bits, so an unchanged project has the same digest and is not uploaded again: entries
 * sorted, one fixed mtime, owner 0:0 without names, modes 0644/0755, and a gzip header without a time.
 * Paths are relative to the project ({@code main.py}, {@code data/x.csv}).
 */
public final class ProjectBundler {
    /** Every entry's mtime: 1980-01-01, the earliest date every archive format can hold. */
    static final FileTime MTIME = FileTime.fromMillis(315_532_800_000L);
    private static final int LARGEST = 5;

    /**
     * @throws BundleException naming the directory or the file at fault (missing directory, unreadable file,
     *                         link pointing out of the project)
     */
    public Bundle bundle(Path projectDir) {
        Path root = realDirectory(projectDir);
        List<ProjectFiles.ProjectFile> files = ProjectFiles.list(root);
        Path out = null;
        try {
            out = Files.createTempFile("berth-bundle-", ".tar.gz");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (OutputStream file = new DigestOutputStream(Files.newOutputStream(out), sha256);
                 TarArchiveOutputStream tar = tarStream(new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16),
                         1 << 16))) {
                for (ProjectFiles.ProjectFile f : files) {
                    write(tar, f);
                }
            }
            List<Bundle.Entry> largest = files.stream()
                    .filter(f -> f.kind() == ProjectFiles.Kind.FILE)
                    .sorted(Comparator.comparingLong(ProjectFiles.ProjectFile::size).reversed()
                            .thenComparing(ProjectFiles.ProjectFile::path))
                    .limit(LARGEST)
                    .map(f -> new Bundle.Entry(f.path(), f.size()))
                    .toList();
            Set<String> paths = files.stream().filter(f -> f.kind() != ProjectFiles.Kind.DIRECTORY)
                    .map(ProjectFiles.ProjectFile::path).collect(Collectors.toSet());
            return new Bundle(out, HexFormat.of().formatHex(sha256.digest()), Files.size(out), paths.size(), largest,
                    paths);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(out);
            throw new BundleException("cannot bundle " + projectDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the project's own faults arrive as BundleException; anything else is a bug, reported as one
            deleteQuietly(out);
            throw e;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static Path realDirectory(Path projectDir) {
        if (!Files.isDirectory(projectDir)) {
            throw new BundleException(Files.exists(projectDir)
                    ? "the project " + projectDir + " is not a directory"
                    : "the project directory " + projectDir + " does not exist");
        }
        try {
            return projectDir.toRealPath();
        } catch (IOException e) {
            throw new BundleException("cannot read the project directory " + projectDir + ": " + e.getMessage(), e);
        }
    }

    private static TarArchiveOutputStream tarStream(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    private static void write(TarArchiveOutputStream tar, ProjectFiles.ProjectFile f) throws IOException {
        TarArchiveEntry entry = switch (f.kind()) {
            case DIRECTORY -> entry(new TarArchiveEntry(f.path() + "/"), 040755);
            case SYMLINK -> {
                TarArchiveEntry link = entry(new TarArchiveEntry(f.path(), TarConstants.LF_SYMLINK), 0120777);
                link.setLinkName(f.linkTarget());
                yield link;
            }
            case FILE -> {
                TarArchiveEntry file = entry(new TarArchiveEntry(f.path()), f.executable() ? 0100755 : 0100644);
                file.setSize(f.size());
                yield file;
            }
        };
        tar.putArchiveEntry(entry);
        if (f.kind() == ProjectFiles.Kind.FILE) {
            copy(f, tar);
        }
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(TarArchiveEntry entry, int mode) {
        entry.setMode(mode);
        entry.setModTime(MTIME);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }

    /** Copies exactly the size announced in the header; a file that changed meanwhile is an error. */
    private static void copy(ProjectFiles.ProjectFile f, OutputStream tar) throws IOException {
        InputStream opened;
        try {
            opened = Files.newInputStream(f.source());
        } catch (IOException e) {
            throw ProjectFiles.cannotRead(f.path(), e);
        }
        long copied;
        try (InputStream in = opened) {
            copied = in.transferTo(new BoundedOutputStream(tar, f.size(), f.path()));
        }
        if (copied != f.size()) {
            throw new BundleException(f.path() + " changed while the project was being bundled; try again");
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** Refuses bytes beyond a file's announced size, so a growing file fails clearly rather than corrupting. */
    private static final class BoundedOutputStream extends OutputStream {
        private final OutputStream out;
        private final String path;
        private long left;

        BoundedOutputStream(OutputStream out, long size, String path) {
            this.out = out;
            this.left = size;
            this.path = path;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new BundleException(path + " changed while the project was being bundled; try again");
            }
            out.write(b, off, len);
            left -= len;
        }
    }
}
