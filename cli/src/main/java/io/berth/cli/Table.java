package io.berth.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table whose columns line up, like docker's and kubectl's; long cells are cut with "…". */
final class Table {
    private final List<String> headers;
    private final int[] maxWidths;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param maxWidths per column, 0 for no limit */
    Table(List<String> headers, int... maxWidths) {
        this.headers = headers;
        this.maxWidths = maxWidths;
    }

    void add(List<String> row) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            String cell = i < row.size() && row.get(i) != null ? row.get(i) : "";
            int max = i < maxWidths.length ? maxWidths[i] : 0;
            cells.add(max > 0 && cell.length() > max ? cell.substring(0, max - 1) + "…" : cell);
        }
        rows.add(cells);
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        printRow(out, headers, widths);
        rows.forEach(row -> printRow(out, row, widths));
        out.flush();
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
