package io.berth.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServerOutagesTest {
    private static final URI SERVER = URI.create("http://127.0.0.1:5000");

    @Test
    void aServerThatAnswersAgainWithinTheToleranceIsWaitedForAndTheUserToldOnce() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger told = new AtomicInteger();

        String answer = ServerOutages.waitOut(() -> {
            if (asked.incrementAndGet() < 4) {
                throw new ServerUnreachableException(SERVER, new ConnectException("refused"));
            }
            return "back";
        }, told::incrementAndGet);

        assertThat(answer).isEqualTo("back");
        assertThat(asked).hasValue(4);
        assertThat(told).as("told once, not per try").hasValue(1);
    }

    @Test
    void anyOtherFailureIsNotWaitedOut() {
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> ServerOutages.waitOut(() -> {
            asked.incrementAndGet();
            throw new BerthApiException(404, new io.berth.wire.ApiError("not_found", "no such job"));
        })).isInstanceOf(BerthApiException.class);
        assertThat(asked).hasValue(1);
    }

    @Test
    void aCallersShorterDeadlineBoundsTheWait() {
        long began = System.nanoTime();
        assertThatThrownBy(() -> ServerOutages.waitOut(() -> {
            throw new ServerUnreachableException(SERVER, new ConnectException("refused"));
        }, () -> { }, java.time.Duration.ofMillis(300))).isInstanceOf(ServerUnreachableException.class);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - began)).isLessThan(java.time.Duration.ofSeconds(2));
        assertThatThrownBy(() -> ServerOutages.waitOut(() -> {
            throw new ServerUnreachableException(SERVER, new ConnectException("refused"));
        }, () -> { }, java.time.Duration.ZERO)).as("look once").isInstanceOf(ServerUnreachableException.class);
    }
}
