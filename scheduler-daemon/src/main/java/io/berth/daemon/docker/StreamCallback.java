package io.berth.daemon.docker;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A docker-java callback that keeps its stream's failure for the waiting caller to report with
 * context, instead of docker-java's default of logging it as an error with a stack trace first.
 */
abstract class StreamCallback<T> extends ResultCallback.Adapter<T> {
    private volatile Throwable failure;

    @Override
    public void onError(Throwable throwable) {
        if (failure == null) {
            failure = throwable;
        }
        closeQuietly();
    }

    /** Blocks until the stream has ended; rethrows its failure, if it had one. */
    void awaitEnd() throws InterruptedException {
        awaitCompletion();
        rethrowFailure();
    }

    /** As {@link #awaitEnd()}, but false if the stream is still going after {@code limit}. */
    boolean awaitEnd(Duration limit) throws InterruptedException {
        boolean ended = awaitCompletion(limit.toNanos(), TimeUnit.NANOSECONDS);
        rethrowFailure();
        return ended;
    }

    /** Abandons the stream; docker-java's reading thread sees it closed and stops. */
    void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do with a stream being given up
        }
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException e) {
            throw new UncheckedIOException(e);
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
