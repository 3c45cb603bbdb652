package io.berth.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Value types that YAML writes as scalars. Each one fails with the parser still on the bad value, so the
 * error carries its line; {@link YamlFiles} turns the failure into a {@link ConfigException}.
 */
final class ConfigDeserializers {
    private ConfigDeserializers() {}

    static SimpleModule module() {
        return new SimpleModule("berth-config")
                .addDeserializer(MemorySize.class, new Memory())
                .addDeserializer(Duration.class, new DurationValue());
    }

    /** A command as a string (split like a shell would) or as a list of scalars. */
    static final class Words extends StdDeserializer<List<String>> {
        Words() {
            super(List.class);
        }

        @Override
        public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                try {
                    return ShellWords.split(p.currentName(), p.getText());
                } catch (ConfigException e) {
                    throw fail(p, e.detail());
                }
            }
            if (!p.isExpectedStartArrayToken()) {
                throw fail(p, "expected a string or a list of strings, got " + YamlTokens.describe(p));
            }
            List<String> words = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) {
                    JsonMappingException e = fail(p, "expected a string, got " + YamlTokens.describe(p));
                    e.prependPath(words, words.size());
                    throw e;
                }
                words.add(p.getText());
            }
            return List.copyOf(words);
        }
    }

    static final class Memory extends StdDeserializer<MemorySize> {
        Memory() {
            super(MemorySize.class);
        }

        @Override
        public MemorySize deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return MemorySize.parse(p.currentName(), scalar(p));
            } catch (ConfigException e) {
                throw fail(p, e.detail());
            }
        }
    }

    static final class DurationValue extends StdDeserializer<Duration> {
        DurationValue() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return Durations.parse(p.currentName(), scalar(p));
            } catch (ConfigException e) {
                throw fail(p, e.detail());
            }
        }
    }

    /** {@code gpus: auto}, {@code gpus: none}, or a list of GPU ids ({@code [0, 1]}, UUIDs). */
    static final class GpuList extends StdDeserializer<SchedulingConfig.Gpus> {
        GpuList() {
            super(SchedulingConfig.Gpus.class);
        }

        @Override
        public SchedulingConfig.Gpus deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING && p.getText().equals("auto")) {
                return SchedulingConfig.Gpus.AUTO;
            }
            if (p.currentToken() == JsonToken.VALUE_STRING && p.getText().equals("none")) {
                return SchedulingConfig.Gpus.of(List.of());
            }
            if (!p.isExpectedStartArrayToken()) {
                throw fail(p, "expected auto, none or a list of GPU ids like [0, 1], got " + YamlTokens.describe(p));
            }
            List<String> ids = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                String id = t.isScalarValue() && t != JsonToken.VALUE_NULL ? p.getText().trim() : "";
                if (id.isEmpty() || ids.contains(id) || !id.matches("[A-Za-z0-9:._-]+")) {
                    throw fail(p, "expected distinct GPU ids (indexes or UUIDs), got " + YamlTokens.describe(p));
                }
                ids.add(id);
            }
            return SchedulingConfig.Gpus.of(ids);
        }
    }

    private static Object scalar(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_STRING -> p.getText();
            default -> new YamlTokens.NotAScalar(YamlTokens.describe(p));
        };
    }

    /** A mapping failure at the parser's position whose cause holds the final wording. */
    static JsonMappingException fail(JsonParser p, String detail) {
        return JsonMappingException.from(p, detail, ConfigException.invalid(List.of(), detail));
    }
}
