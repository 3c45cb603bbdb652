package io.berth.sdk;

import io.berth.archive.FileTrees;
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
 * Links are judged as the server's extractor ({@code SafeTarExtractor}) will judge them, and every bad one
 * is reported at once, so a project is never refused after it was queued.
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
        List<String> badLinks = new ArrayList<>();
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
                        Path target = Files.readSymbolicLink(file);
                        String refused = whyRefused(root, file, target);
                        if (refused != null) {
                            badLinks.add(path + " -> " + target + ": " + refused);
                        }
                        files.add(new ProjectFile(path, file, Kind.SYMLINK, 0, false,
                                target.toString().replace('\\', '/')));
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
        if (!badLinks.isEmpty()) {
            badLinks.sort(null);
            throw new BundleException((badLinks.size() == 1 ? "a link" : badLinks.size() + " links")
                    + " in the project cannot be bundled; point " + (badLinks.size() == 1 ? "it" : "each")
                    + " at a file inside the project by a relative path, copy the file in, or add the link to"
                    + " .berthignore:\n  " + String.join("\n  ", badLinks));
        }
        files.sort(Comparator.comparing(ProjectFile::path));
        return files;
    }

    static BundleException cannotRead(String path, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
        return new BundleException("cannot read " + path + " in the project: " + why, e);
    }

    /**
     * Why the server would refuse this link; null if it is fine. As the server judges it: by the target's text
     * from the link's own directory first (the bundle is unpacked under another name, so {@code ../<project>/x}
     * leaves even though it comes back here on this disk), then by where it leads on disk through other links
     * ({@link FileTrees#resolved}; a link to a file not there yet is judged by where it would lead).
     */
    private static String whyRefused(Path root, Path link, Path target) {
        if (target.isAbsolute()) {
            return "an absolute path";
        }
        // relative to the project, as the name that the tar entry will have
        Path inProject = root.relativize(link.getParent()).resolve(target).normalize();
        if (inProject.startsWith("..")) {
            return "leads out of the project" + (leadsInside(root, link)
                    ? " (it comes back in through the directory's own name, which the server's copy does not have)"
                    : "");
        }
        try {
            return FileTrees.resolved(link).startsWith(root) ? null : "leads out of the project through another link";
        } catch (IOException unreadable) {
            return "cannot be read: " + unreadable.getMessage();
        }
    }

    /** Whether the link leads into the project on this disk, by the same reading as the check above. */
    private static boolean leadsInside(Path root, Path link) {
        try {
            return FileTrees.resolved(link).startsWith(root);
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static boolean isExecutable(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        return posix != null && posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
