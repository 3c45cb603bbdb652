package io.berth.config;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The quick way to read a small config that is one mapping of known keys to strings, as most submission configs
 * are: SnakeYAML's parser alone, without building Jackson's YAML mapper, which was a tenth of a CLI command's time.
 * Anything else (another key, a value that is not a non-empty string, a list, an anchor, a tag, a syntax error)
 * is left to {@link YamlFiles}, which reads it or says exactly what is wrong, so both ways agree on every file.
 */
final class FlatYaml {
    private static final Resolver RESOLVER = new Resolver();

    private FlatYaml() {}

    /** The keys and their values; empty if the text is not such a mapping of (some of) {@code keys}. */
    static Optional<Map<String, String>> strings(String text, Set<String> keys) {
        Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), YamlText.loaderOptions());
        Map<String, String> values = new LinkedHashMap<>();
        try {
            if (!parser.getEvent().is(Event.ID.StreamStart) || !parser.getEvent().is(Event.ID.DocumentStart)
                    || !(parser.getEvent() instanceof MappingStartEvent mapping)
                    || mapping.getAnchor() != null || mapping.getTag() != null) {
                return Optional.empty();
            }
            Event event;
            while (!(event = parser.getEvent()).is(Event.ID.MappingEnd)) {
                if (!(event instanceof ScalarEvent key) || !isString(key) || !keys.contains(key.getValue())
                        || values.containsKey(key.getValue())
                        || !(parser.getEvent() instanceof ScalarEvent value) || !isString(value)) {
                    return Optional.empty();
                }
                values.put(key.getValue(), value.getValue());
            }
            if (!parser.getEvent().is(Event.ID.DocumentEnd) || !parser.getEvent().is(Event.ID.StreamEnd)) {
                return Optional.empty();
            }
        } catch (YAMLException e) {
            return Optional.empty();
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(values);
    }

    /** A scalar that every YAML reader takes as this non-empty string: quoted, or plain and not a number, etc. */
    private static boolean isString(ScalarEvent scalar) {
        return scalar.getAnchor() == null && scalar.getTag() == null && !scalar.getValue().isEmpty()
                && (!scalar.isPlain() || RESOLVER.resolve(NodeId.scalar, scalar.getValue(), true).equals(Tag.STR));
    }
}
