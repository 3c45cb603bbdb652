package io.berth.config;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Refuses anchors, aliases, merge keys and tags. Jackson reads an alias as its anchor's name ({@code lr2: *lr}
 * gives {@code 'lr'}), a merge key as a key named {@code <<}, and a tag is dropped or read its own way, so each
 * would silently mean something else than the file's author meant. Syntax errors are left to the binding pass,
 * which reports them as usual.
 */
final class PlainYaml {
    private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";

    private final Path file;
    private final Deque<Frame> open = new ArrayDeque<>();
    private ConfigException anchor;

    private PlainYaml(Path file) {
        this.file = file;
    }

    /** @throws ConfigException at the first alias, merge key or tag, else at the first anchor */
    static void check(Path file, String text, LoaderOptions options) {
        PlainYaml check = new PlainYaml(file);
        // the parser alone, as Jackson uses it: a Yaml object would load and set up SnakeYAML's constructors and
        // representers too, a tenth of what a CLI command's start costs
        Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
        try {
            Event event;
            do {
                event = parser.getEvent();
                check.visit(event);
            } while (!event.is(Event.ID.StreamEnd));
        } catch (YAMLException syntaxError) {
            return;
        }
        if (check.anchor != null) {
            throw check.anchor;
        }
    }

    /** An open mapping (at a key, or in the value of {@code key}) or list (at item {@code index}). */
    private static final class Frame {
        final boolean mapping;
        boolean inValue;
        String key;
        int index = -1;

        Frame(boolean mapping) {
            this.mapping = mapping;
        }
    }

    private void visit(Event event) {
        if (event instanceof CollectionEndEvent) {
            open.pop();
            valueEnded();
        } else if (event instanceof NodeEvent node) {
            boolean key = open.peek() != null && open.peek().mapping && !open.peek().inValue;
            List<String> path = pathOf(node);
            if (key && node instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getValue().equals("<<")) {
                throw ConfigException.at(file, lineOf(node), path,
                        "YAML merge keys (<<) are not supported; write the keys out", null);
            }
            refuse(node, path);
            if (event instanceof CollectionStartEvent) {
                open.push(new Frame(event instanceof MappingStartEvent));
            } else {
                valueEnded();
            }
        }
    }

    private List<String> pathOf(NodeEvent node) {
        Frame at = open.peek();
        if (at != null && !at.mapping) {
            at.index++;
        }
        List<String> path = new ArrayList<>();
        open.descendingIterator().forEachRemaining(frame -> {
            if (!frame.mapping) {
                path.add(KeyPaths.index(frame.index));
            } else if (frame.inValue) {
                path.add(frame.key);
            }
        });
        if (at != null && at.mapping && !at.inValue) {
            at.key = node instanceof ScalarEvent scalar ? scalar.getValue() : "?";
            path.add(at.key);
        }
        return path;
    }

    /** A scalar, alias or whole collection ended: a mapping's key moves on to its value, a value to the next key. */
    private void valueEnded() {
        Frame at = open.peek();
        if (at != null && at.mapping) {
            at.inValue = !at.inValue;
        }
    }

    private static int lineOf(NodeEvent node) {
        return node.getStartMark().getLine() + 1;
    }

    private void refuse(NodeEvent node, List<String> path) {
        int line = lineOf(node);
        if (node instanceof AliasEvent) {
            throw ConfigException.at(file, line, path, "YAML aliases (*" + node.getAnchor()
                    + ") are not supported; write the value", null);
        }
        String tag = node instanceof ScalarEvent s ? s.getTag()
                : node instanceof CollectionStartEvent c ? c.getTag() : null;
        if (tag != null) {
            throw ConfigException.at(file, line, path, "YAML tags (" + shown(tag)
                    + ") are not supported; write the plain value (quoted, for a string)", null);
        }
        if (node.getAnchor() != null && anchor == null) {
            anchor = ConfigException.at(file, line, path, "YAML anchors (&" + node.getAnchor()
                    + ") are not supported; remove it", null);
        }
    }

    private static String shown(String tag) {
        if (tag.startsWith(CORE_TAG_PREFIX)) {
            return "!!" + tag.substring(CORE_TAG_PREFIX.length());
        }
        return tag.startsWith("!") ? tag : "!<" + tag + ">";
    }
}
