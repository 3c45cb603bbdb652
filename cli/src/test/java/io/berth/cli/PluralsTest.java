package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.sdk.Bundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PluralsTest {
    @Test
    void oneIsSingularAndEveryOtherCountPlural() {
        assertThat(Plurals.count(1, "file")).isEqualTo("1 file");
        assertThat(Plurals.count(0, "file")).isEqualTo("0 files");
        assertThat(Plurals.count(3, "earlier value")).isEqualTo("3 earlier values");
    }

    @Test
    void submitSaysItBundledOneFile() {
        @CommandLine.Command(name = "t")
        class Quiet {}
        CommandLine cli = new CommandLine(new Quiet());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        new SubmitProgress(new Terminal(cli.getCommandSpec()))
                .bundled(new Bundle(Path.of("b.tar.gz"), "ab".repeat(32), 120, 1, List.of()));

        assertThat(err.toString()).startsWith("bundled 1 file, 120 B (sha256 abababababab)");
    }
}
