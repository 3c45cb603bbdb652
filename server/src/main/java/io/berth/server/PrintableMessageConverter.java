package io.berth.server;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.berth.cli.Printable;

/**
 * A log line's message with its control characters escaped, as {@link Printable} shows text from jobs: a
 * bundle entry's name or a job's reason quoted in the server's log can then neither end the line (and forge
 * the next one) nor send escape sequences to whoever reads the log on a terminal. Named in logback.xml.
 */
public final class PrintableMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Printable.of(event.getFormattedMessage());
    }
}
