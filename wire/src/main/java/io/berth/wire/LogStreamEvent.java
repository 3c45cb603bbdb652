package io.berth.wire;

/** The JSON of the {@code attempt} and {@code end} events of GET /jobs/{ref}/logs/events. */
public final class LogStreamEvent {
    private LogStreamEvent() {}

    /** The stream is now in this attempt's log: at its start, on a reconnect, and when the job runs again. */
    public record Attempt(int attempt) {}

    /** The job has finished and its log is whole; the stream closes after this. */
    public record End(String state, String reason, Integer exitCode) {}
}
