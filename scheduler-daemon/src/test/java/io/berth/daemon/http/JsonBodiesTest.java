package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.wire.SubmitJobRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a client other than Berth's CLI may send is checked here, where its body is read. */
class JsonBodiesTest {
    private final JsonBodies bodies = new JsonBodies();

    private SubmitJobRequest submission(String requests) {
        String body = "{\"bundleDigest\": \"sha256:00\", \"project\": \"p\", \"command\": [\"main.py\"],"
                + " \"spec\": {\"requests\": " + requests + "}}";
        return bodies.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), SubmitJobRequest.class);
    }

    @Test
    void cpusNoJobCouldRunWithAreRefusedNamingTheField() {
        assertThatThrownBy(() -> submission("{\"cpus\": 5000}")).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("spec.requests: cpus must be more than 0 and at most 4096, got 5000.0");
        assertThat(submission("{\"cpus\": 0.001}").spec().requests().cpus())
                .as("below Docker's minimum, yet readable: jobs stored before the minimum must still be")
                .isEqualTo(0.001);
    }
}
