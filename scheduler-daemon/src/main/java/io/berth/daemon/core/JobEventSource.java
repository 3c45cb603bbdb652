package io.berth.daemon.core;

import java.util.List;

/** Reads what a job has appended to its events file since a given offset. */
public interface JobEventSource {

    /**
     * The complete events after {@code offset} (up to an implementation's batch size) and the offset after
     * them. A partly written last line is left for the next read; lines that are not valid events are
     * skipped and counted in {@code rejected}.
     */
    Batch read(String jobId, long offset);

    record Batch(List<JobEvent> events, long nextOffset, int rejected) {}
}
