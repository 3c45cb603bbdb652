package io.berth.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one {@code berth} command printed and returned, run in-process as a user would type it. */
record CliRun(List<String> args, int exitCode, String out, String err) {
    private static final Pattern QUEUED = Pattern.compile("queued job ([0-9a-z]{16})");

    static CliRun berth(String... args) {
        return berthIn(Path.of(""), args);
    }

    /** As if typed in {@code workingDir}, the directory that names the current project. */
    static CliRun berthIn(Path workingDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Berth.commandLine(workingDir, args); // as main builds it
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(List.of(args), code, out.toString(), err.toString());
    }

    /** The id {@code submit} reports on stderr ("queued job <id> ..."). */
    String queuedJobId() {
        Matcher m = QUEUED.matcher(err);
        if (!m.find()) {
            throw new AssertionError("submit reported no job id: " + this);
        }
        return m.group(1);
    }

    /** The job output lines on stdout that start with {@code prefix}, in order. */
    List<String> outLinesStartingWith(String prefix) {
        return out.lines().filter(line -> line.startsWith(prefix)).toList();
    }

    /** What it printed as CSV, each row as its cells (quotes and doubled quotes undone; no line breaks in cells). */
    List<List<String>> csvRows() {
        return out.lines().map(CliRun::csvCells).toList();
    }

    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append(c);
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    @Override
    public String toString() {
        String shownOut = out.length() > 2000 ? out.substring(0, 2000) + "...(" + out.length() + " chars)" : out;
        return "berth " + String.join(" ", args) + "\n  exit " + exitCode + "\n  out: " + shownOut + "\n  err: " + err;
    }
}
