package io.berth.daemon.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.core.InvalidSubmissionException;
import io.berth.wire.WireJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Reads request bodies into wire records; a bad body is a 400 naming the field at fault, and one over
 * {@link #MAX_BYTES} a 413, found without reading more than that.
 */
public final class JsonBodies {
    /** A sweep of 10,000 parameter sets fits with room to spare. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private final ObjectMapper json = WireJson.mapper();

    <T> T read(Context ctx, Class<T> type) {
        if (ctx.contentLength() > MAX_BYTES) {
            throw new BodyTooLargeException(MAX_BYTES);
        }
        return read(ctx.bodyInputStream(), type);
    }

    <T> T read(InputStream body, Class<T> type) {
        try {
            return json.readValue(new BoundedInputStream(body, MAX_BYTES), type);
        } catch (BodyTooLargeException e) {
            throw e;
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw tooLarge;
            }
            String field = e.getPath().stream().map(ref -> ref.getFieldName() == null
                    ? "[" + ref.getIndex() + "]" : ref.getFieldName()).collect(Collectors.joining("."));
            // a record that refused its values says why in its own words
            String why = e.getCause() instanceof IllegalArgumentException refused ? refused.getMessage()
                    : e.getOriginalMessage();
            throw new InvalidSubmissionException((field.isEmpty() ? "body" : field) + ": " + why);
        } catch (IOException e) {
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw tooLarge;
            }
            throw new InvalidSubmissionException("body: not JSON: " + e.getMessage());
        }
    }
}
