package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ListCommandTest {
    private static final List<JobView> JOBS = List.of(JobView.builder("01m9aaaaaaaaaaaa").project("mnist")
            .sweepId("01m9sweepsweep00").state("completed")
            .command(List.of("main.py", "--epochs", "30", "--data", "/data/mnist/train"))
            .params(Map.of("lr", 0.1, "batch", 64, "optimizer", "adam")).metrics(Map.of("loss", 0.25, "acc", 0.9))
            .times(Instant.parse("2026-12-01T20:02:12Z"), Instant.parse("2026-12-01T20:02:13Z"),
                    Instant.parse("2026-12-01T20:12:13Z")).ending(0, null).build());

    @Test
    void aNarrowTerminalKeepsIdStatusProjectAndTheCommandThenWhatFitsAndSaysWhatItLeftOut() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ListCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        ListCommand.table(JOBS, false).printFitting(new Terminal(cli.getCommandSpec()), 70);

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(Table.width(line)).isLessThanOrEqualTo(70));
        assertThat(lines.get(0)).startsWith("ID  ").contains("STATUS", "PROJECT", "COMMAND").doesNotContain("PARAMS");
        assertThat(lines.get(1)).contains("01m9aaaaaaaaaaaa", "completed", "mnist", "main.py --epochs 30 --data /d…");
        assertThat(err.toString()).startsWith("(left out for width: SWEEP, PARAMS, METRICS, ")
                .endsWith("; widen the terminal or use --csv)\n");
    }

    @Test
    void aWideTerminalShowsEveryColumn() {
        StringWriter out = new StringWriter();
        assertThat(ListCommand.table(JOBS, false).print(new PrintWriter(out), 300)).isEmpty();
        assertThat(out.toString()).contains("acc=0.9 loss=0.25", "batch=64 lr=0.1 optimizer=adam");
    }
}
