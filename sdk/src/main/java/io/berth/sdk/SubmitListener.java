package io.berth.sdk;

import io.berth.wire.ServerStatus;

/**
 * What a submission is doing, for a progress display. Every method has an empty default; calls come from
 * the submitting thread, except {@link #uploadProgress}, which may come from the HTTP client's threads.
 */
public interface SubmitListener {
    SubmitListener NONE = new SubmitListener() {};

    /**
     * The server answered, before anything was bundled (once per {@link JobSubmitter}): whether its Docker
     * engine answers, say, since a job submitted while it does not stays queued.
     */
    default void serverSeen(ServerStatus status) {}

    /** The project is packed; {@link Bundle#isLarge()} tells whether to warn, {@link Bundle#largest()} about what. */
    default void bundled(Bundle bundle) {}

    /** The server already has this bundle: nothing to upload. */
    default void uploadSkipped(Bundle bundle) {}

    default void uploadStarted(Bundle bundle) {}

    /** @param sentBytes running total, up to {@code totalBytes} */
    default void uploadProgress(long sentBytes, long totalBytes) {}

    default void uploadFinished(Bundle bundle) {}
}
