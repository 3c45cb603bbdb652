package io.berth.daemon.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Any Berth server's directories on this machine, told by what they hold: a home its {@code tokens.json} or
 * {@code server.token}, a data directory its {@code server-id}; a directory called {@code .berth} (the default
 * home's name) counts too, since another user's is often unreadable to this server. A volume that is one, lies
 * inside one or holds one would hand a job that server's tokens or jobs.
 *
 * <p>The look is bounded, so a huge dataset costs a glance: the path and each of its ancestors, and below the path
 * at most {@value #DEPTH} levels of directories and {@value #ENTRIES} entries in all (links are not followed).
 * A Berth directory deeper than that, or in a directory this server cannot read, is not found.
 */
final class BerthDirectories {
    static final List<String> MARKERS = List.of("server.token", "tokens.json", "server-id");
    static final String HOME_NAME = ".berth";
    static final int DEPTH = 3;
    static final int ENTRIES = 10_000;

    private BerthDirectories() {}

    /** The file or directory that shows the path is, is inside or holds a Berth directory; empty if none is found. */
    static Optional<Path> around(Path path) {
        for (Path dir = path; dir != null; dir = dir.getParent()) {
            Optional<Path> found = markerIn(dir);
            if (found.isPresent()) {
                return found;
            }
        }
        return below(path);
    }

    private static Optional<Path> markerIn(Path dir) {
        if (dir.getFileName() != null && dir.getFileName().toString().equals(HOME_NAME)) {
            return Optional.of(dir);
        }
        return MARKERS.stream().map(dir::resolve).filter(Files::exists).findFirst();
    }

    /** Breadth first, so the near levels are looked at before the entry budget runs out. */
    private static Optional<Path> below(Path path) {
        Deque<Path> dirs = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        dirs.add(path);
        depths.add(0);
        int entries = 0;
        while (!dirs.isEmpty()) {
            Path dir = dirs.poll();
            int depth = depths.poll();
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    if (++entries > ENTRIES) {
                        return Optional.empty();
                    }
                    String name = child.getFileName().toString();
                    if (MARKERS.contains(name) || name.equals(HOME_NAME)) {
                        return Optional.of(child);
                    }
                    if (depth + 1 < DEPTH && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        dirs.add(child);
                        depths.add(depth + 1);
                    }
                }
            } catch (IOException unreadable) {
                // what this server cannot read it cannot judge; said in the class comment and docs
            }
        }
        return Optional.empty();
    }
}
