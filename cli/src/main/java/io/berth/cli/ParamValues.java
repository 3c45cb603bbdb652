package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.berth.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed {@code -p key=value} parameters: a value that reads as JSON keeps its type (0.1, 3, true,
 * [1, 2], {"a": 1}); anything else is a string. The whole value must be one JSON value: {@code 3 apples}
 * or {@code [1,2]junk} stay strings, as typed.
 */
final class ParamValues {
    private static final ObjectReader JSON = WireJson.mapper().readerFor(Object.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
            return JSON.readValue(value);
        } catch (JsonProcessingException e) {
            return value;
        }
    }
}
