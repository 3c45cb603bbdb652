package io.berth.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jline.utils.WCWidth;

/**
 * A plain-text table whose columns line up, like docker's and kubectl's; long cells are cut with "…",
 * and columns that do not fit the terminal's width are left out, the least important first (the caller
 * says which), and control characters are shown escaped ({@link Printable}). Also prints as CSV, every cell
 * as it is.
 */
public final class Table {
    private final List<String> headers;
    private final int[] maxWidths;
    private final List<List<String>> rows = new ArrayList<>();
    private List<Integer> keptFirst = List.of();

    /** @param maxWidths per column, 0 for no limit; columns past the array have none */
    public Table(List<String> headers, int... maxWidths) {
        this.headers = List.copyOf(headers);
        this.maxWidths = maxWidths;
    }

    public void add(List<String> row) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            cells.add(i < row.size() && row.get(i) != null ? row.get(i) : "");
        }
        rows.add(cells);
    }

    /**
     * The columns a narrow terminal keeps before the others, most important first (by index); the others
     * come after them, in the table's order.
     */
    Table keepFirst(List<Integer> columns) {
        keptFirst = List.copyOf(new LinkedHashSet<>(columns));
        return this;
    }

    public void print(PrintWriter out) {
        printAll(out);
    }

    /** Prints every column, whatever the width; returns the layout for {@link #printRows} of later pages. */
    Layout printAll(PrintWriter out) {
        return printLaidOut(out, Integer.MAX_VALUE);
    }

    /**
     * Prints, in the table's order, the columns that fit in {@code width} characters: each column in order of
     * importance (see {@link #keepFirst}) that still fits is kept, the most important one always.
     *
     * @return the headers of the columns left out, in the table's order
     */
    List<String> print(PrintWriter out, int width) {
        return printLaidOut(out, width).leftOut();
    }

    /** How wide each column is, and which are shown: chosen by a first print, kept by those that follow. */
    record Layout(List<String> headers, int[] widths, boolean[] shown) {
        /** The headers of the columns left out, in the table's order. */
        List<String> leftOut() {
            return IntStream.range(0, shown.length).filter(i -> !shown[i]).mapToObj(headers::get).toList();
        }
    }

    private Layout printLaidOut(PrintWriter out, int width) {
        List<String> shownHeaders = headers.stream().map(Printable::of).toList();
        List<List<String>> shownRows = shownRows();
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(shownHeaders.get(i));
            for (List<String> row : shownRows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        boolean[] shown = new boolean[headers.size()];
        int used = -2;
        for (int column : importanceOrder()) {
            if (used < 0 || used + 2 + widths[column] <= width) {
                shown[column] = true;
                used += 2 + widths[column];
            }
        }
        printRow(out, shownHeaders, widths, shown);
        shownRows.forEach(row -> printRow(out, row, widths, shown));
        out.flush();
        return new Layout(shownHeaders, widths, shown);
    }

    /**
     * Prints the rows only, in the columns of a table printed before ({@link #printFitting}'s layout): a listing
     * printed a page at a time lines up with its first page, a cell wider than its column cut with "…".
     */
    void printRows(PrintWriter out, Layout layout) {
        int[] widths = layout.widths();
        for (List<String> row : shownRows()) {
            printRow(out, IntStream.range(0, row.size()).mapToObj(i -> cut(row.get(i), widths[i])).toList(), widths,
                    layout.shown());
        }
        out.flush();
    }

    private List<List<String>> shownRows() {
        return rows.stream().map(row -> IntStream.range(0, row.size())
                .mapToObj(i -> cutInColumn(Printable.of(row.get(i)), i)).toList()).toList();
    }

    /** Prints as wide as the user's terminal (see {@link #print(PrintWriter, int)}) and notes what it left out. */
    Layout printFitting(Terminal terminal) {
        return printFitting(terminal, TerminalWidth.get());
    }

    Layout printFitting(Terminal terminal, int width) {
        Layout layout = printLaidOut(terminal.out(), width);
        if (!layout.leftOut().isEmpty()) {
            terminal.note("(left out for width: " + String.join(", ", layout.leftOut())
                    + "; widen the terminal or use --csv)");
        }
        return layout;
    }

    private List<Integer> importanceOrder() {
        List<Integer> order = new ArrayList<>(keptFirst);
        for (int i = 0; i < headers.size(); i++) {
            if (!order.contains(i)) {
                order.add(i);
            }
        }
        return order;
    }

    void printCsv(PrintWriter out) {
        out.println(headers.stream().map(Table::csv).collect(Collectors.joining(",")));
        printCsvRows(out);
    }

    /** The rows only, as CSV: the pages after a listing's first. */
    void printCsvRows(PrintWriter out) {
        rows.forEach(row -> out.println(row.stream().map(Table::csv).collect(Collectors.joining(","))));
        out.flush();
    }

    private String cutInColumn(String cell, int column) {
        return cut(cell, column < maxWidths.length ? maxWidths[column] : 0);
    }

    /** {@code cell} in at most {@code max} columns, cut with "…" if it is wider; whole for a max of 0. */
    static String cut(String cell, int max) {
        if (max <= 0 || width(cell) <= max) {
            return cell;
        }
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < cell.length(); ) {
            int codePoint = cell.codePointAt(i);
            int w = width(codePoint);
            if (used + w > max - 1) {
                break;
            }
            kept.appendCodePoint(codePoint);
            used += w;
            i += Character.charCount(codePoint);
        }
        return kept + "…";
    }

    /** Columns a terminal gives the text: two for CJK and emoji, none for combining marks. */
    static int width(String text) {
        return text.codePoints().map(Table::width).sum();
    }

    private static int width(int codePoint) {
        return Math.max(0, WCWidth.wcwidth(codePoint));
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths, boolean[] shown) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i]) {
                line.append(cells.get(i)).append(" ".repeat(widths[i] - width(cells.get(i)) + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private static String csv(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
