package io.berth.daemon.docker;

import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes each log frame's bytes to a sink as it arrives, stdout and stderr in the engine's order.
 * docker-java calls {@link #onNext} on its one reading thread and completes the callback only after
 * the last frame, so once {@link #awaitEnd} returns the sink has everything. A sink that fails ends
 * the copy, with its failure as the stream's.
 */
final class LogCopier extends StreamCallback<Frame> {
    private final OutputStream sink;
    private long toSkip;
    private long copied;

    LogCopier(OutputStream sink) {
        this(sink, 0);
    }

    /** Drops the first {@code toSkip} bytes: a second read of a log whose start the sink already has. */
    LogCopier(OutputStream sink, long toSkip) {
        this.sink = sink;
        this.toSkip = toSkip;
    }

    /** Bytes of the log seen so far, skipped ones included. */
    long position() {
        return copied;
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        int from = (int) Math.min(toSkip, payload.length);
        toSkip -= from;
        copied += payload.length;
        if (from == payload.length) {
            return;
        }
        try {
            sink.write(payload, from, payload.length - from);
            sink.flush();
        } catch (IOException e) {
            onError(e);
        }
    }
}
