package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TableTest {

    private static List<String> printed(Table table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString().lines().toList();
    }

    /** Where the second column starts on a terminal, in columns. */
    private static int secondColumnAt(String line, String secondCell) {
        return Table.width(line.substring(0, line.indexOf(secondCell)));
    }

    @Test
    void columnsLineUpOnATerminalWhateverTheScript() {
        Table table = new Table(List.of("PROJECT", "STATUS"));
        table.add(List.of("mnist", "completed"));
        table.add(List.of("проект-é-日本", "running"));
        table.add(List.of("e\u0301clair", "queued")); // e and a combining accent: one column
        table.add(List.of("🚀-launch", "failed"));

        List<String> lines = printed(table);

        int at = secondColumnAt(lines.get(0), "STATUS");
        assertThat(secondColumnAt(lines.get(1), "completed")).isEqualTo(at);
        assertThat(secondColumnAt(lines.get(2), "running")).isEqualTo(at);
        assertThat(secondColumnAt(lines.get(3), "queued")).isEqualTo(at);
        assertThat(secondColumnAt(lines.get(4), "failed")).isEqualTo(at);
        assertThat(at).as("the widest cell, 日本 counting two columns each, and two spaces").isEqualTo(15);
    }

    @Test
    void aNarrowTerminalKeepsTheMostImportantColumnsThatFitInTheTablesOrderAndNamesTheOthers() {
        Table table = new Table(List.of("ID", "WIDE", "B", "C", "D")).keepFirst(List.of(0, 3, 4, 3));
        table.add(List.of("id1", "a wide wide cell", "b", "c", "d"));
        StringWriter out = new StringWriter();

        List<String> leftOut = table.print(new PrintWriter(out), 11);

        assertThat(out.toString().lines()).containsExactly("ID   C  D", "id1  c  d");
        assertThat(leftOut).as("B fits no more after C and D; WIDE not at all").containsExactly("WIDE", "B");
    }

    @Test
    void aColumnLessImportantButNarrowerStillTakesTheRoomLeft() {
        Table table = new Table(List.of("ID", "METRIC", "P")).keepFirst(List.of(0, 1));
        table.add(List.of("id1", "0.123456789", "x"));
        StringWriter out = new StringWriter();

        assertThat(table.print(new PrintWriter(out), 10)).containsExactly("METRIC");
        assertThat(out.toString().lines()).containsExactly("ID   P", "id1  x");
    }

    @Test
    void theFirstColumnIsShownEvenWhenItAloneIsTooWide() {
        Table table = new Table(List.of("IDENTIFIER", "X"));
        table.add(List.of("a-very-long-id", "x"));
        StringWriter out = new StringWriter();

        assertThat(table.print(new PrintWriter(out), 5)).containsExactly("X");
        assertThat(out.toString().lines()).containsExactly("IDENTIFIER", "a-very-long-id");
    }

    @Test
    void aLongCellIsCutToItsColumnsWidthCountedOnTheTerminal() {
        Table table = new Table(List.of("NAME", "X"), 6);
        table.add(List.of("日本語日本語", "x"));
        table.add(List.of("abcdefgh", "y"));

        List<String> lines = printed(table);

        assertThat(lines.get(1)).startsWith("日本…");
        assertThat(lines.get(2)).startsWith("abcde…");
        assertThat(Table.width(lines.get(1).substring(0, lines.get(1).indexOf('x'))))
                .isEqualTo(Table.width(lines.get(2).substring(0, lines.get(2).indexOf('y'))));
    }

    @Test
    void laterRowsKeepTheColumnsTheFirstPrintLaidOutCuttingWhatIsWider() {
        Table first = new Table(List.of("ID", "PROJECT", "STATUS")).keepFirst(List.of(0, 2));
        first.add(List.of("01", "mnist", "completed"));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ListCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        Table.Layout layout = first.printFitting(new Terminal(cli.getCommandSpec()), 16);

        Table next = new Table(List.of("ID", "PROJECT", "STATUS"));
        next.add(List.of("02", "a-long-project", "running"));
        next.add(List.of("03", "cifar", "stopped-by-user"));
        next.printRows(new PrintWriter(out), layout);

        assertThat(layout.leftOut()).containsExactly("PROJECT");
        assertThat(out.toString().lines()).containsExactly("ID  STATUS", "01  completed", "02  running", "03  stopped-…");
    }
}
