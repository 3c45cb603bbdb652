package io.berth.daemon.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes server-sent events (text/event-stream) and flushes each, so it leaves at once. A client that has gone
 * away shows as {@link ClientGone}, not as an error of the server's.
 */
final class SseWriter {
    private final OutputStream out;
    private long lastWrite = System.nanoTime();

    /** The client closed the connection: the stream ends quietly. */
    static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super("the client went away", cause);
        }
    }

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * @param id   the event's id (what the client sends back as {@code Last-Event-ID}), or null
     * @param data its lines, none of them holding a line break
     */
    void event(String name, String id, List<String> data) throws ClientGone {
        StringBuilder event = new StringBuilder();
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        event.append("event: ").append(name).append('\n');
        data.forEach(line -> event.append("data: ").append(line).append('\n'));
        write(event.append('\n'));
    }

    /** A line clients ignore, that keeps the connection (and any proxy on the way) from idling out. */
    void comment(String text) throws ClientGone {
        write(new StringBuilder(": ").append(text).append("\n\n"));
    }

    /** Nanoseconds ({@link System#nanoTime}) since anything was written. */
    long quietFor() {
        return System.nanoTime() - lastWrite;
    }

    private void write(CharSequence text) throws ClientGone {
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            lastWrite = System.nanoTime();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }
}
