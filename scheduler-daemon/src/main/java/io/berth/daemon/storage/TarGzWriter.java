package io.berth.daemon.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Packs a directory tree into a tar.gz with paths relative to it; links are stored as links, not followed. */
final class TarGzWriter {
    private TarGzWriter() {}

    static void write(Path root, Path target) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root)) {
                        tar.putArchiveEntry(new TarArchiveEntry(dir.toFile(), name(dir) + "/"));
                        tar.closeArchiveEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        TarArchiveEntry link = new TarArchiveEntry(name(file), TarArchiveEntry.LF_SYMLINK);
                        link.setLinkName(Files.readSymbolicLink(file).toString());
                        tar.putArchiveEntry(link);
                        tar.closeArchiveEntry();
                    } else if (attrs.isRegularFile()) {
                        tar.putArchiveEntry(new TarArchiveEntry(file.toFile(), name(file)));
                        Files.copy(file, tar);
                        tar.closeArchiveEntry();
                    } // sockets and FIFOs a job left behind are not worth keeping
                    return FileVisitResult.CONTINUE;
                }

                private String name(Path path) {
                    return root.relativize(path).toString();
                }
            });
        }
    }
}
