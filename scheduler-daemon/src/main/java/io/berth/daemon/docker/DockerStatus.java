package io.berth.daemon.docker;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads the engine's container state; no engine involved, so it is unit-tested. */
final class DockerStatus {
    /** What the engine reports as the finish time of a container that has not finished (Go's zero time). */
    private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private DockerStatus() {}

    /** The instant in an inspect's {@code State.FinishedAt} (RFC 3339), or null if it is absent or unset. */
    static Instant finishedAt(String engineTime) {
        if (engineTime == null || engineTime.isBlank()) {
            return null;
        }
        try {
            Instant at = Instant.parse(engineTime);
            return at.equals(NEVER) ? null : at;
        } catch (DateTimeParseException e) {
            return null; // a time we cannot read is one we do not know: the server's clock stands in
        }
    }
}
