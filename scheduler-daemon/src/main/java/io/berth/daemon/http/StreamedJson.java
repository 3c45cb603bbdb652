package io.berth.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.WireJson;
import io.javalin.http.Context;
import java.io.IOException;

/** A JSON answer written as it is made, so that a long one (100,000 jobs) is never held whole in memory. */
final class StreamedJson {
    private static final ObjectMapper JSON = WireJson.mapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private StreamedJson() {}

    /** The response's body as a generator; set the status and headers first, and close it when done. */
    static JsonGenerator open(Context ctx) throws IOException {
        ctx.contentType("application/json");
        return JSON.createGenerator(ctx.res().getOutputStream());
    }
}
