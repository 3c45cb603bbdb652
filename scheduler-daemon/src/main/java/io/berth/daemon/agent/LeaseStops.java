package io.berth.daemon.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which containers {@link LeaseWatch} stopped as the agent's lease ran out, and why: a file per container in
 * {@code <agent data>/lease-stops}, written before the stop, so that the agent (the same one, or the next one
 * started) records such an end as the lease's, not as the job's own exit.
 */
final class LeaseStops {
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");

    private final Path dir;

    LeaseStops(Path dataDir) {
        this.dir = dataDir.resolve("lease-stops");
    }

    void mark(String containerId, String why) {
        try {
            Files.createDirectories(dir);
            Files.writeString(file(containerId), why, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot note the stop of container " + containerId + " in " + dir, e);
        }
    }

    /** Why the watch stopped the container; empty if it did not. */
    Optional<String> reason(String containerId) {
        if (!CONTAINER_ID.matcher(containerId).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file(containerId), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(containerId), e);
        }
    }

    /** The container is removed: its note goes too. */
    void forget(String containerId) {
        if (!CONTAINER_ID.matcher(containerId).matches()) {
            return;
        }
        try {
            Files.deleteIfExists(file(containerId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(containerId), e);
        }
    }

    private Path file(String containerId) {
        return dir.resolve(containerId);
    }
}
