package io.berth.daemon.docker;

import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes each log frame's bytes to a sink as it arrives, stdout and stderr in the engine's order.
 * docker-java calls {@link #onNext} on its one reading thread and completes the callback only after
 * the last frame, so once {@link #awaitEnd} returns the sink has everything.
 */
final class LogCopier extends StreamCallback<Frame> {
    private final OutputStream sink;
    private volatile IOException sinkFailure;

    LogCopier(OutputStream sink) {
        this.sink = sink;
    }

    @Override
    public void onNext(Frame frame) {
        if (sinkFailure != null) {
            return;
        }
        try {
            sink.write(frame.getPayload());
            sink.flush();
        } catch (IOException e) {
            sinkFailure = e;
            closeQuietly();
        }
    }

    /** The sink's own failure, which ends the copy; null if the sink took everything. */
    IOException sinkFailure() {
        return sinkFailure;
    }
}
