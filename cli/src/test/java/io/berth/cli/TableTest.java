package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
