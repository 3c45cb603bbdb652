package io.berth.wire;

import java.time.Instant;

/** A file the job saved with save_artifact; {@code path} is where it is inside the job's archive. */
public record ArtifactView(String key, String path, long bytes, Instant time) {}
