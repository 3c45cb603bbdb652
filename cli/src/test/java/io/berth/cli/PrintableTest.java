package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrintableTest {
    @Test
    void controlCharactersAreShownEscaped() {
        assertThat(Printable.of("a\nb\r\tc")).isEqualTo("a\\nb\\r\\tc");
        assertThat(Printable.of("\u001b]0;pwned\u0007x")).isEqualTo("\\x1b]0;pwned\\x07x");
        assertThat(Printable.of("\u009b31m\u007f")).isEqualTo("\\x9b31m\\x7f");
        assertThat(Printable.of("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
        assertThat(Printable.of("abc\u202edcba")).as("a bidi override").isEqualTo("abc\\u202edcba");
    }

    @Test
    void everythingElseIsLeftAlone() {
        String text = "проект-é-日本 🚀 👨\u200d👩\u200d👧 e\u0301 a\\nb";
        assertThat(Printable.of(text)).isSameAs(text);
    }

    @Test
    void aTableEscapesItsCellsAndHeadersButItsCsvKeepsThemWhole() {
        Table table = new Table(List.of("ID", "t:note\n"));
        table.add(List.of("01m9", "two\nlines \u001b[2J"));
        StringWriter out = new StringWriter();
        StringWriter csv = new StringWriter();

        table.print(new PrintWriter(out));
        table.printCsv(new PrintWriter(csv));

        assertThat(out.toString().lines()).containsExactly("ID    t:note\\n", "01m9  two\\nlines \\x1b[2J");
        assertThat(csv.toString()).isEqualTo("ID,\"t:note\n\"\n01m9,\"two\nlines \u001b[2J\"\n");
    }

    @Test
    void listAndJobDetailsShowWhatAJobReportedEscaped(@TempDir Path root) throws Exception {
        JobView job = JobView.builder("01m9aaaaaaaaaaaa").project("demo").state("completed").command(List.of("main.py"))
                .params(Map.of("note", "a\nb")).tags(Map.of("title", "\u001b]0;pwned\u0007")).build();
        try (StubServer server = new StubServer(root).jobs(List.of(job))
                .answer("GET", "/jobs/01m9aaaaaaaaaaaa/details", new io.berth.wire.JobDetails(job,
                        Map.of("logged", "x\r\ny"), Map.of(), job.tags(), List.of()))) {
            CliRun list = CliRun.berth("list", StubServer.ENV);
            assertThat(list.out().lines()).hasSize(2);
            assertThat(list.out()).contains("note=a\\nb").doesNotContain("\u001b");

            CliRun details = CliRun.berth("get", "job-details", StubServer.ENV, "01m9aaaaaaaaaaaa");
            assertThat(details.exitCode()).as(details.toString()).isZero();
            assertThat(details.out()).contains("  note = a\\nb\n", "  logged = x\\r\\ny\n", "  title = \\x1b]0;pwned\\x07\n")
                    .doesNotContain("\u001b", "\u0007", "\r");
        }
    }
}
