package io.berth.sdk;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Streams a file as a request body with a known length and reports the running total of bytes handed to
 * the connection, buffer by buffer.
 */
final class ProgressBodyPublisher implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher file;
    private final LongConsumer progress;

    ProgressBodyPublisher(Path path, LongConsumer progress) throws FileNotFoundException {
        this.file = HttpRequest.BodyPublishers.ofFile(path);
        this.progress = progress;
    }

    @Override
    public long contentLength() {
        return file.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        AtomicLong sent = new AtomicLong();
        file.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                int size = item.remaining();
                subscriber.onNext(item);
                progress.accept(sent.addAndGet(size));
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
