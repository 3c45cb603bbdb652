package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {

    @Test
    void aCallerAlreadyInterruptedMakesNoCallAndStaysInterrupted() {
        AtomicBoolean made = new AtomicBoolean();
        try (CallDeadline deadline = new CallDeadline()) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> deadline.run(Duration.ofSeconds(5), () -> made.getAndSet(true)))
                        .isInstanceOf(CancellationException.class);
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(made).as("the call was made").isFalse();
        }
    }

    @Test
    void aCallGivesItsResultOrItsOwnException() {
        try (CallDeadline deadline = new CallDeadline()) {
            assertThat(deadline.run(Duration.ofSeconds(5), () -> "answer")).isEqualTo("answer");
            assertThatThrownBy(() -> deadline.run(Duration.ofSeconds(5), () -> {
                throw new IllegalArgumentException("refused");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("refused");
        }
    }

    @Test
    void aCallPastItsLimitFails() {
        try (CallDeadline deadline = new CallDeadline()) {
            assertThatThrownBy(() -> deadline.run(Duration.ofMillis(100), () -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            })).isInstanceOf(CallDeadline.CallTimeoutException.class);
        }
    }
}
