package io.berth.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads Berth's YAML files into records, safely and with errors that name file, line and key.
 * Plain data binding only (no polymorphic types), snake_case keys, unknown keys refused, duplicate keys
 * refused, anchors, aliases and tags refused ({@link PlainYaml}), size capped.
 */
final class YamlFiles {
    private static final LoaderOptions OPTIONS = YamlText.loaderOptions();
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loaderOptions(OPTIONS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final ObjectMapper MAPPER = YAMLMapper.builder(FACTORY)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(ConfigDeserializers.module())
            .build();
    private static final YamlLocator LOCATOR = new YamlLocator(FACTORY);

    private YamlFiles() {}

    /** The file bound to {@code type}, or null if it holds no document (empty or only comments). */
    static <T> T read(Path file, Class<T> type) {
        return parse(file, YamlText.read(file), type);
    }

    static <T> T parse(Path file, String text, Class<T> type) {
        PlainYaml.check(file, text, OPTIONS);
        try (JsonParser p = MAPPER.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(file, p.currentTokenLocation().getLineNr(), null,
                        "expected keys and values, got " + YamlTokens.describe(p));
            }
            T value = MAPPER.readValue(p, type);
            if (p.nextToken() != null) {
                throw new ConfigException(file, p.currentTokenLocation().getLineNr(), null,
                        "holds more than one YAML document");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw YamlErrors.translate(file, text, e, LOCATOR);
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot parse: " + e.getMessage());
        }
    }
}
