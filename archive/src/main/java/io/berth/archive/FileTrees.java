package io.berth.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** File-system steps beyond java.nio: link-aware paths, and removing a tree without following links out. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Where a link leads on disk: its target's longest existing start resolved through every link, the rest
     * as written. A dangling link is judged by where it would lead.
     */
    public static Path resolved(Path link) throws IOException {
        // not normalized first: "l/.." leads wherever l's target's parent is, which the name alone does not say
        Path target = link.getParent().resolve(Files.readSymbolicLink(link));
        Path rest = target.getFileSystem().getPath("");
        for (Path prefix = target; prefix != null; prefix = prefix.getParent()) {
            try {
                return prefix.toRealPath().resolve(rest).normalize();
            } catch (IOException missingOrLooping) {
                if (prefix.getFileName() == null) {
                    break;
                }
                rest = prefix.getFileName().resolve(rest);
            }
        }
        return target.normalize();
    }

    /** Removes a tree, if there is one, without following links out of it. */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }

    /** Best effort, for paths that are already failing: what is left is inside a directory the caller owns. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (UncheckedIOException ignored) {
            // see above
        }
    }
}
