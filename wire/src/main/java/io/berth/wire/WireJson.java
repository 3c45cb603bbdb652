package io.berth.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping used on both ends of the wire: ISO-8601 times, null fields left out, but null
 * map entries kept (a parameter set to null is still a parameter), and each double in the shortest form
 * that reads back as the same double (Jackson's Schubfach writer; the JDK 17's {@code Double.toString}
 * writes some with a digit too many, 1.9999999999999998E23 for 2.0E23), as Python's {@code repr} does.
 */
public final class WireJson {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));

    private WireJson() {}

    /** A copy, so that no caller can reconfigure the shared instance. */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }
}
