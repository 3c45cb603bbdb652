package io.berth.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** How error messages name what the file holds at the parser's position. */
final class YamlTokens {
    private YamlTokens() {}

    /** Stands for a YAML value that is not a scalar, so value parsers can name it in their errors. */
    record NotAScalar(String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** A value as messages quote it: {@code 'two'}, {@code a list}, {@code nothing}. */
    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof NotAScalar ? value.toString() : "'" + value + "'";
    }

    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT, FIELD_NAME -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "nothing";
            default -> "'" + p.getText() + "'";
        };
    }
}
