package io.berth.daemon.storage;

import io.berth.daemon.core.Workspace.FileContent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Reads one file a job wrote, by the names on the way to it, from a directory the job can change while it is
 * read, or from an archive: never through a link. In a directory each step is opened relative to the one
 * before with {@code O_NOFOLLOW} ({@link SecureDirectoryStream}, {@code openat}), so a link swapped in at any
 * moment is refused rather than followed; in an archive only a plain file's entry counts.
 */
final class JobFileReader {
    private JobFileReader() {}

    static Optional<FileContent> fromDirectory(Path dir, List<String> path) {
        try (DirectoryStream<Path> top = Files.newDirectoryStream(dir)) {
            if (!(top instanceof SecureDirectoryStream<Path> secure)) {
                throw new UncheckedIOException(new IOException("this platform cannot open a job's files without "
                        + "following links (no SecureDirectoryStream)"));
            }
            return open(secure, path);
        } catch (FileSystemException e) {
            // not there, or not what it was a moment ago: a link O_NOFOLLOW refused (ELOOP), a file for a directory
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + String.join("/", path) + " under " + dir, e);
        }
    }

    private static Optional<FileContent> open(SecureDirectoryStream<Path> dir, List<String> path) throws IOException {
        Path name = Path.of(path.get(0));
        BasicFileAttributes attributes = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (path.size() > 1) {
            if (!attributes.isDirectory()) {
                return Optional.empty();
            }
            try (SecureDirectoryStream<Path> next = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                return open(next, path.subList(1, path.size()));
            }
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        SeekableByteChannel channel = dir.newByteChannel(name, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS));
        long size = channel.size();
        return Optional.of(new FileContent(bounded(Channels.newInputStream(channel), size), size));
    }

    /** The plain file {@code entryName} of a tar.gz, positioned at its bytes. */
    static Optional<FileContent> fromArchive(Path archive, String entryName) {
        InputStream file;
        try {
            file = Files.newInputStream(archive);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive " + archive, e);
        }
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                    new BufferedInputStream(file)));
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals(entryName) && entry.isFile() && !entry.isLink() && !entry.isSymbolicLink()) {
                    return Optional.of(new FileContent(bounded(tar, entry.getSize()), entry.getSize()));
                }
            }
            tar.close();
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(file);
            throw new UncheckedIOException("cannot read " + entryName + " from the archive " + archive, e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing for a better reason
        }
    }

    /** At most {@code size} bytes: the size said before the first byte was sent, whatever the file does since. */
    private static InputStream bounded(InputStream in, long size) throws IOException {
        return BoundedInputStream.builder().setInputStream(in).setMaxCount(size).get();
    }
}
