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

    LogCopier(OutputStream sink) {
        this.sink = sink;
    }

    @Override
    public void onNext(Frame frame) {
        try {
            sink.write(frame.getPayload());
            sink.flush();
        } catch (IOException e) {
            onError(e);
        }
    }
}
