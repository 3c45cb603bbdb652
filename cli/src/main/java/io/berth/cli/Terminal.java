package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.output.WriterOutputStream;
import picocli.CommandLine.Model.CommandSpec;

/** The command's output and error writers, so that tests capture everything a command prints. */
public final class Terminal {
    private final CommandSpec spec;

    public Terminal(CommandSpec spec) {
        this.spec = spec;
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Job logs are bytes; this decodes them onto the output writer, flushing as they come. */
    OutputStream outBytes() {
        try {
            return WriterOutputStream.builder().setWriter(out()).setCharset(StandardCharsets.UTF_8)
                    .setWriteImmediately(true).get();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void say(String line) {
        out().println(line);
        out().flush();
    }

    /** {@code --json}: the value as the API's JSON, indented, for scripts. */
    public void json(Object value) {
        try {
            say(WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Whether stderr is a terminal a progress bar can redraw in place; in a file or a pipe its carriage
     * returns would only pile up. Where the system does not say (no /proc), no: one line is safe anywhere.
     */
    static boolean errIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (!Files.exists(fd)) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Progress and notes go to stderr so that stdout stays the job's output. */
    public void note(String line) {
        err().println(line);
        err().flush();
    }
}
