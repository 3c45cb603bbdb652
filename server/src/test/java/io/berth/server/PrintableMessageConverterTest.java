package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class PrintableMessageConverterTest {
    @Test
    void theServersLogShowsControlCharactersOfAMessageEscapedOnOneLine() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
        PatternLayoutEncoder encoder = (PatternLayoutEncoder) console.getEncoder();

        LoggingEvent event = new LoggingEvent("test", context.getLogger("JobRunner"), Level.WARN,
                "job {}: cannot prepare the job's files: entry '{}' points outside the directory",
                null, new Object[] {"01abc", "a\0b\n2026-12-05 00:00:00.000 INFO  [main] forged\u001b]0;x\u0007"});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("JobRunner: job 01abc: cannot prepare the job's files: entry"
                + " 'a\\x00b\\n2026-12-05 00:00:00.000 INFO  [main] forged\\x1b]0;x\\x07' points outside the directory"
                + System.lineSeparator());
        assertThat(line.lines()).hasSize(1);
        context.stop();
    }
}
