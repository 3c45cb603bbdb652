package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogCopierTest {
    private static Frame frame(String text) {
        return new Frame(StreamType.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecondReadAddsOnlyWhatTheFirstDidNotHave() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        LogCopier followed = new LogCopier(sink);
        followed.onNext(frame("one\n"));
        followed.onNext(frame("two\n"));

        LogCopier rest = new LogCopier(sink, followed.position());
        for (String line : new String[] {"one\n", "tw", "o\nthr", "ee\n"}) {
            rest.onNext(frame(line));
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree\n");
        assertThat(rest.position()).isEqualTo("one\ntwo\nthree\n".length());
    }
}
