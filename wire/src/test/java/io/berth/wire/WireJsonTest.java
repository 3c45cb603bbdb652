package io.berth.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireJsonTest {
    private final ObjectMapper json = WireJson.mapper();

    @Test
    void aDoubleIsWrittenInTheShortestFormThatReadsBackTheSame() throws Exception {
        assertThat(json.writeValueAsString(List.of(0.7640641001472513, 2e23, 1e-7, 5e-324)))
                .isEqualTo("[0.7640641001472513,2.0E23,1.0E-7,4.9E-324]");
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                assertThat(json.readValue(json.writeValueAsString(Map.of("x", d)), Map.class).get("x")).isEqualTo(d);
            }
        }
    }
}
