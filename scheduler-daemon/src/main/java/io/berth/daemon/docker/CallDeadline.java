package io.berth.daemon.docker;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a blocking engine call on a worker thread and gives up on it after a limit. Giving up interrupts
 * the worker; over a unix socket that closes the connection and frees the thread at once.
 */
final class CallDeadline implements AutoCloseable {
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "docker-call-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /**
     * The call's result, or its own exception; a {@link CallTimeoutException} once {@code limit} has passed.
     * A caller already interrupted (a server stopping) gets a {@link CancellationException} and the call is
     * not made: once sent, a call cannot be taken back, and the caller would not know whether it happened.
     */
    <T> T run(Duration limit, Supplier<T> call) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted before calling the Docker engine");
        }
        Future<T> result = workers.submit(call::get);
        try {
            return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new CallTimeoutException("no answer from the Docker engine within " + limit.toSeconds() + " s");
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted waiting for the Docker engine");
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException e) {
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** The engine did not answer in time. */
    static final class CallTimeoutException extends RuntimeException {
        CallTimeoutException(String message) {
            super(message);
        }
    }
}
