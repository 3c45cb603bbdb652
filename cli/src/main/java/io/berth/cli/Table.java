package io.berth.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A plain-text table whose columns line up, like docker's and kubectl's; long cells are cut with "…",
 * and columns past the terminal's width are left out (the caller says so). Also prints as CSV.
 */
public final class Table {
    private final List<String> headers;
    private final int[] maxWidths;
    private final List<List<String>> rows = new ArrayList<>();

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

    public void print(PrintWriter out) {
        print(out, Integer.MAX_VALUE);
    }

    /** Prints the columns that fit in {@code width} characters (at least one); returns how many were left out. */
    int print(PrintWriter out, int width) {
        int[] widths = new int[headers.size()];
        int shown = 0;
        int total = 0;
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], cut(row.get(i), i).length());
            }
            total += widths[i] + (i == 0 ? 0 : 2);
            if (i > 0 && total > width) {
                break;
            }
            shown = i + 1;
        }
        int columns = shown;
        printRow(out, headers, widths, columns, -1);
        rows.forEach(row -> printRow(out, row, widths, columns, 0));
        out.flush();
        return headers.size() - shown;
    }

    void printCsv(PrintWriter out) {
        out.println(headers.stream().map(Table::csv).collect(Collectors.joining(",")));
        rows.forEach(row -> out.println(row.stream().map(Table::csv).collect(Collectors.joining(","))));
        out.flush();
    }

    private String cut(String cell, int column) {
        int max = column < maxWidths.length ? maxWidths[column] : 0;
        return max > 0 && cell.length() > max ? cell.substring(0, max - 1) + "…" : cell;
    }

    private void printRow(PrintWriter out, List<String> cells, int[] widths, int shown, int headerFlag) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            String cell = headerFlag < 0 ? cells.get(i) : cut(cells.get(i), i);
            line.append(cell);
            if (i < shown - 1) {
                line.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private static String csv(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
