package io.berth.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a tar.gz into a new or empty directory without ever writing outside it: no absolute paths, no
 * {@code ..}, no writing through links (the archive's links are made only after all its files and
 * directories, and nothing is written where an existing part of the path leads out), no links that point
 * out (checked by name as they come, and again by their real targets once everything is unpacked, so a
 * chain of links cannot point out either), no hard links, devices or FIFOs, and caps on total size and
 * entry count (a decompression bomb stops at the cap).
 * On any refusal the directory is removed again, so nothing is left half-unpacked.
 */
public final class SafeTarExtractor {
    /** What to do with a symbolic link that points outside the directory. */
    public enum OutsideLinks {
        /** Refuse the whole archive: for bundles, made by a client that allows no such links. */
        REFUSE,
        /** Leave the link out and report it: for job archives, where a job may have linked to a mounted volume. */
        LEAVE_OUT
    }

    private final long maxBytes;
    private final int maxEntries;
    private final OutsideLinks outsideLinks;

    /** Refuses archives with links pointing out. */
    public SafeTarExtractor(long maxBytes, int maxEntries) {
        this(maxBytes, maxEntries, OutsideLinks.REFUSE);
    }

    public SafeTarExtractor(long maxBytes, int maxEntries, OutsideLinks outsideLinks) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
        this.outsideLinks = outsideLinks;
    }

    /**
     * @param target a directory that does not exist yet or is empty
     * @return the links left out (as {@code name -> target}), in archive order; always empty with {@link OutsideLinks#REFUSE}
     * @throws UnpackException naming the archive and what is wrong with it; {@code target} is gone
     */
    public List<String> extract(Path tarGz, Path target) {
        try {
            return unpack(tarGz, target, true);
        } catch (IOException | RuntimeException e) {
            throw new UnpackException("cannot unpack " + tarGz.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks the archive as {@link #extract} would, without its files' bytes: its directories, links and empty
     * files are made under {@code scratch} (so that links are judged by their real targets, as when unpacking),
     * then removed. For an upload, refused before it is stored.
     *
     * @param scratch a directory that does not exist yet or is empty; gone afterwards
     * @throws UnpackException saying what is wrong with the archive, without naming a file
     */
    public void check(Path tarGz, Path scratch) {
        try {
            unpack(tarGz, scratch, false);
        } catch (IOException | RuntimeException e) {
            throw new UnpackException(e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(scratch);
        }
    }

    private List<String> unpack(Path tarGz, Path target, boolean withContents) throws IOException {
        requireNewOrEmpty(target);
        try {
            Files.createDirectories(target);
            Unpacking unpacking = new Unpacking(target.toRealPath(), withContents);
            try (InputStream file = Files.newInputStream(tarGz);
                 TarArchiveInputStream tar = new TarArchiveInputStream(
                         new GzipCompressorInputStream(new BufferedInputStream(file)))) {
                unpacking.entries(tar);
            }
            unpacking.makeLinks();
            return unpacking.checkLinks();
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteQuietly(target);
            throw e;
        }
    }

    private static void requireNewOrEmpty(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnpackException(target + " exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new UnpackException(target + " already exists and is not empty");
            }
        } catch (IOException e) {
            throw new UnpackException("cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    /** One run over one archive: the running totals and the links made so far. */
    private final class Unpacking {
        private final Path root;
        /** Whether files get their bytes, or are only made, empty, with their bytes counted. */
        private final boolean withContents;
        /** The archive's links, made once every file and directory is there: nothing is written through them. */
        private final List<TarArchiveEntry> pendingLinks = new ArrayList<>();
        private final List<Path> links = new ArrayList<>();
        private final List<String> leftOut = new ArrayList<>();
        private long bytes;
        private int count;

        Unpacking(Path root, boolean withContents) {
            this.root = root;
            this.withContents = withContents;
        }

        void entries(TarArchiveInputStream tar) throws IOException {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (++count > maxEntries) {
                    throw new Refusal("it has more than " + maxEntries + " entries");
                }
                Path dest = inside(entry.getName());
                if (entry.isLink() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    // checked first: commons-compress counts a hard link as a file
                    throw refused(entry, "is a hard link, device or FIFO");
                } else if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                } else if (entry.isSymbolicLink()) {
                    pendingLinks.add(entry);
                } else if (entry.isFile()) {
                    Files.createDirectories(dest.getParent());
                    copy(tar, dest);
                    if ((entry.getMode() & 0100) != 0) {
                        addExecute(dest);
                    }
                } else {
                    throw refused(entry, "is a hard link, device or FIFO");
                }
            }
        }

        /**
         * Removes (or refuses) every link whose real target, now that everything is there, lies outside; again
         * until none does, as a link that led in through one now removed may lead out by its own text.
         */
        List<String> checkLinks() throws IOException {
            boolean removed = true;
            while (removed) {
                removed = false;
                for (Path link : links) {
                    if (Files.isSymbolicLink(link) && !FileTrees.resolved(link).startsWith(root)) {
                        String name = root.relativize(link) + " -> " + Files.readSymbolicLink(link);
                        if (outsideLinks == OutsideLinks.REFUSE) {
                            throw new Refusal("the link '" + name + "' leads outside the directory");
                        }
                        Files.delete(link);
                        leftOut.add(name);
                        removed = true;
                    }
                }
            }
            return List.copyOf(leftOut);
        }

        void makeLinks() throws IOException {
            for (TarArchiveEntry entry : pendingLinks) {
                Path dest = inside(entry.getName());
                if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                    throw refused(entry, "is a link where the archive has a file, directory or link already");
                }
                link(entry, dest);
            }
        }

        private void link(TarArchiveEntry entry, Path dest) throws IOException {
            Path linkTarget = dest.getParent().resolve(entry.getLinkName()).normalize();
            if (!linkTarget.startsWith(root)) {
                if (outsideLinks == OutsideLinks.REFUSE) {
                    throw refused(entry, "is a link pointing outside the directory");
                }
                leftOut.add(entry.getName() + " -> " + entry.getLinkName());
                return;
            }
            Files.createDirectories(dest.getParent());
            Files.createSymbolicLink(dest, Path.of(entry.getLinkName()));
            links.add(dest);
        }

        /**
         * The entry's path under root, refusing names that would leave it, by their text or through links already
         * made: the nearest part of the path that exists must really be inside, as what is missing is made there.
         */
        private Path inside(String name) throws IOException {
            if (name.startsWith("/") || name.contains("\\")) {
                throw new Refusal("entry '" + name + "' has an absolute path");
            }
            Path dest = root.resolve(name).normalize();
            if (!dest.startsWith(root)) {
                throw new Refusal("entry '" + name + "' points outside the directory");
            }
            Path existing = dest.getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && !existing.toRealPath().startsWith(root)) {
                throw new Refusal("entry '" + name + "' goes through a link outside the directory");
            }
            return dest;
        }

        private void copy(InputStream in, Path dest) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            // NOFOLLOW_LINKS: an entry never writes through a link an earlier entry made
            try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    bytes += n;
                    if (bytes > maxBytes) {
                        throw new Refusal("it unpacks to more than " + maxBytes / (1024 * 1024) + " MB");
                    }
                    if (withContents) {
                        out.write(buffer, 0, n);
                    }
                }
            }
        }
    }

    private static void addExecute(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        perms.add(PosixFilePermission.OWNER_EXECUTE);
        perms.add(PosixFilePermission.GROUP_EXECUTE);
        perms.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(file, perms);
    }

    private static Refusal refused(TarArchiveEntry entry, String why) {
        return new Refusal("entry '" + entry.getName() + "' " + why);
    }

    /** Why the archive is refused; becomes the message of the {@link UnpackException}. */
    private static final class Refusal extends IOException {
        Refusal(String message) {
            super(message);
        }
    }
}
