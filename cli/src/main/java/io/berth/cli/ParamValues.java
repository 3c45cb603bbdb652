package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed {@code -p key=value} parameters: a value that reads as JSON keeps its type (0.1, 3, true,
 * [1, 2], {"a": 1}); anything else is a string.
 */
final class ParamValues {
    private static final ObjectMapper JSON = WireJson.mapper();

    private ParamValues() {}

    static Map<String, Object> parse(Map<String, String> raw) {
        Map<String, Object> params = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (key.isBlank()) {
                throw new UserError(ExitCodes.USAGE, "-p " + key + "=" + value + ": the parameter has no name");
            }
            params.put(key, typed(value));
        });
        return params;
    }

    static Object typed(String value) {
        try {
            Object parsed = JSON.readValue(value, Object.class);
            return parsed == null ? null : parsed;
        } catch (JsonProcessingException e) {
            return value;
        }
    }
}
