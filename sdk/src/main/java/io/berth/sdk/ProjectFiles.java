package io.berth.sdk;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What of a project goes into its bundle, in a fixed order: everything but {@code .git/}, the project's
 * submission configs ({@code config/submission/}: how to reach a server, maybe with a token, which a job
 * must not get) and what {@code .berthignore} files exclude. Links are kept as links if they point inside the project and refused
 * otherwise, since the job would find them dangling; other special files (sockets, pipes) are skipped.
 */
final class ProjectFiles {
    /** Berth writes this into the job's directory; a stale copy in the project must not shadow it (Atlas did). */
    static final String PARAMETERS_FILE = "foundations_job_parameters.json";
    /** The project's own submission configs; they may hold a token. */
    static final String SUBMISSION_CONFIGS = "config/submission";

    enum Kind { DIRECTORY, FILE, SYMLINK }

    record ProjectFile(String path, Path source, Kind kind, long size, boolean executable, String linkTarget) {}

    private ProjectFiles() {}

    static List<ProjectFile> list(Path root) {
        List<ProjectFile> files = new ArrayList<>();
        BerthIgnore ignore = new BerthIgnore();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String path = relative(root, dir);
                    if (!path.isEmpty()) {
                        if (dir.getFileName().toString().equals(".git") || path.equals(SUBMISSION_CONFIGS)
                                || ignore.isIgnored(path, true)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        files.add(new ProjectFile(path, dir, Kind.DIRECTORY, 0, true, null));
                    }
                    ignore.load(root, path);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String path = relative(root, file);
                    if (ignore.isIgnored(path, false) || path.equals(PARAMETERS_FILE)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        files.add(new ProjectFile(path, file, Kind.SYMLINK, 0, false, linkTarget(root, file, path)));
                    } else if (attrs.isRegularFile()) {
                        files.add(new ProjectFile(path, file, Kind.FILE, attrs.size(), isExecutable(file), null));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    throw cannotRead(file.equals(root) ? root.toString() : relative(root, file), e);
                }
            });
        } catch (IOException e) {
            throw new BundleException("cannot read the project directory " + root + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(ProjectFile::path));
        return files;
    }

    static BundleException cannotRead(String path, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
        return new BundleException("cannot read " + path + " in the project: " + why, e);
    }

    /** A relative target that stays inside the project; anything else cannot work once unpacked elsewhere. */
    private static String linkTarget(Path root, Path link, String path) throws IOException {
        Path target = Files.readSymbolicLink(link);
        if (target.isAbsolute()) {
            throw new BundleException(path + " is a link to the absolute path " + target
                    + "; make it relative, copy the file in, or add it to .berthignore");
        }
        Path resolved = link.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root)) {
            throw new BundleException(path + " links to " + target + ", outside the project;"
                    + " copy the file in or add the link to .berthignore");
        }
        return target.toString().replace('\\', '/');
    }

    private static boolean isExecutable(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        return posix != null && posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
