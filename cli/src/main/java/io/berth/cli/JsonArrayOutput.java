package io.berth.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** One JSON array, as {@code --json} would print it whole, written a page at a time so a long listing is never held. */
final class JsonArrayOutput {
    private final Terminal terminal;
    private final SequenceWriter array;

    JsonArrayOutput(Terminal terminal) {
        this.terminal = terminal;
        try {
            array = WireJson.mapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writerWithDefaultPrettyPrinter()
                    .writeValuesAsArray(terminal.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void print(List<?> values) {
        try {
            array.writeAll(values);
            array.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the array, once every page was printed. */
    void finish() {
        try {
            array.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        terminal.say("");
    }
}
