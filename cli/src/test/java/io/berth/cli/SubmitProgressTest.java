package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.sdk.Bundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubmitProgressTest {
    private static final long BIG = 64L << 20;

    private final StringWriter err = new StringWriter();

    private SubmitProgress progress(boolean redrawable) {
        @CommandLine.Command(name = "t")
        class Quiet {}
        CommandLine cli = new CommandLine(new Quiet());
        cli.setErr(new PrintWriter(err, true));
        return new SubmitProgress(new Terminal(cli.getCommandSpec()), redrawable);
    }

    private void upload(SubmitProgress progress) {
        Bundle bundle = new Bundle(Path.of("b.tar.gz"), "ab".repeat(32), BIG, 3, List.of());
        progress.uploadStarted(bundle);
        progress.uploadProgress(BIG / 2, BIG);
        progress.uploadProgress(BIG, BIG);
        progress.uploadFinished(bundle);
    }

    @Test
    void onATerminalABarRedrawsInPlace() {
        upload(progress(true));

        assertThat(err.toString()).contains("\r").contains("uploading").endsWith("uploaded the bundle\n");
    }

    @Test
    void inAFileOrAPipeTheUploadIsSaidOnceWithoutCarriageReturns() {
        upload(progress(false));

        assertThat(err.toString()).isEqualTo("uploading 64.0 MiB\nuploaded the bundle\n");
    }
}
