package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        assertThat(err.toString()).startsWith("(left out for width: NODE, SWEEP, PARAMS, METRICS, ")
                .endsWith("; widen the terminal or use --csv)\n");
    }

    @Test
    void aWideTerminalShowsEveryColumn() {
        StringWriter out = new StringWriter();
        assertThat(ListCommand.table(JOBS, false).print(new PrintWriter(out), 300)).isEmpty();
        assertThat(out.toString()).contains("acc=0.9 loss=0.25", "batch=64 lr=0.1 optimizer=adam");
    }

    /** {@code count} jobs with ids that sort in the order made. */
    private static List<JobView> manyJobs(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> StubServer.aJob(String.format("01m9%012d", i),
                "completed")).toList();
    }

    private static List<String> ids(CliRun list) {
        return list.out().lines().skip(1).map(line -> line.split(" ")[0]).toList();
    }

    @Test
    void theLatestJobsAreShownOldestFirstAndStderrSaysHowManyWereLeftOut(@TempDir Path root) throws Exception {
        try (StubServer server = new StubServer(root).jobs(manyJobs(120))) {
            CliRun list = CliRun.berth("list", StubServer.ENV);
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(ids(list)).hasSize(50).startsWith("01m9000000000070").endsWith("01m9000000000119");
            assertThat(list.err()).isEqualTo("(the latest 50 of 120 jobs; --limit <n> shows more, --all every one)\n");

            CliRun three = CliRun.berth("list", StubServer.ENV, "--limit", "3", "--json");
            assertThat(TestJson.ids(three.out())).containsExactly("01m9000000000117", "01m9000000000118",
                    "01m9000000000119");

            CliRun whole = CliRun.berth("list", StubServer.ENV, "--limit", "500");
            assertThat(ids(whole)).hasSize(120);
            assertThat(whole.err()).isEmpty();
        }
    }

    @Test
    void moreThanAPageIsReadPageByPage(@TempDir Path root) throws Exception {
        try (StubServer server = new StubServer(root).jobs(manyJobs(1203))) {
            CliRun list = CliRun.berth("list", StubServer.ENV, "--limit", "700", "--csv");
            assertThat(list.out().lines().skip(1).map(line -> line.split(",")[0]).toList()).hasSize(700)
                    .startsWith("01m9000000000503").endsWith("01m9000000001202");
            assertThat(list.err()).contains("the latest 700 of 1203 jobs");
        }
    }

    @Test
    void everyJobIsStreamedAPageOfFiveHundredAtATimeInEachFormat(@TempDir Path root) throws Exception {
        List<JobView> jobs = manyJobs(1203);
        try (StubServer server = new StubServer(root).jobs(jobs)) {
            CliRun table = CliRun.berth("list", StubServer.ENV, "--all");
            assertThat(table.exitCode()).as(table.toString()).isZero();
            assertThat(ids(table)).isEqualTo(jobs.stream().map(JobView::id).toList());
            assertThat(table.out().lines().skip(1).map(String::length).distinct()).as("the pages line up").hasSize(1);
            assertThat(table.err()).isEmpty();
            assertThat(server.pagesServed()).isEqualTo(3);

            CliRun csv = CliRun.berth("list", StubServer.ENV, "--all", "--csv");
            assertThat(csv.out().lines().filter(line -> line.startsWith("ID,"))).hasSize(1);
            assertThat(csv.out().lines()).hasSize(1204);

            assertThat(TestJson.ids(CliRun.berth("list", StubServer.ENV, "--all", "--json").out()))
                    .isEqualTo(jobs.stream().map(JobView::id).toList());
            assertThat(TestJson.ids(CliRun.berth("list", StubServer.ENV, "--all", "--json", "--project", "none").out()))
                    .hasSize(1203);
        }
    }

    @Test
    void anEmptyListingIsAHeaderOrAnEmptyArray(@TempDir Path root) throws Exception {
        try (StubServer server = new StubServer(root).jobs(List.of())) {
            assertThat(CliRun.berth("list", StubServer.ENV, "--all").out()).startsWith("ID ").hasLineCount(1);
            assertThat(TestJson.ids(CliRun.berth("list", StubServer.ENV, "--json").out())).isEmpty();
            assertThat(TestJson.ids(CliRun.berth("list", StubServer.ENV, "--json", "--all").out())).isEmpty();
        }
    }

    @Test
    void aLimitBelowOneOrWithAllIsAUsageError(@TempDir Path root) throws Exception {
        try (StubServer server = new StubServer(root).jobs(List.of())) {
            assertThat(CliRun.berth("list", StubServer.ENV, "--limit", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(CliRun.berth("list", StubServer.ENV, "--limit", "5", "--all").exitCode()).isEqualTo(ExitCodes.USAGE);
        }
    }

    /** Reads the ids out of a JSON array of jobs. */
    private static final class TestJson {
        static List<String> ids(String json) throws Exception {
            return java.util.Arrays.stream(io.berth.wire.WireJson.mapper().readValue(json, JobView[].class))
                    .map(JobView::id).toList();
        }
    }
}
