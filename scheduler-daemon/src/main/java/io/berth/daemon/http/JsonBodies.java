package io.berth.daemon.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.wire.WireJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;

/** Reads request bodies into wire records; a bad body is a 400 naming the field at fault. */
public final class JsonBodies {
    private final ObjectMapper json = WireJson.mapper();

    <T> T read(Context ctx, Class<T> type) {
        try {
            return json.readValue(ctx.bodyInputStream(), type);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() == null
                    ? "[" + ref.getIndex() + "]" : ref.getFieldName()).collect(Collectors.joining("."));
            // a record that refused its values says why in its own words
            String why = e.getCause() instanceof IllegalArgumentException refused ? refused.getMessage()
                    : e.getOriginalMessage();
            throw new InvalidSubmissionException((field.isEmpty() ? "body" : field) + ": " + why);
        } catch (IOException e) {
            throw new InvalidSubmissionException("body: not JSON: " + e.getMessage());
        }
    }
}
