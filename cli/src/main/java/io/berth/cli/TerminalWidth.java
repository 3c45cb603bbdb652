package io.berth.cli;

import java.io.File;
import java.util.concurrent.TimeUnit;

/** How many columns the user's terminal has; unlimited when output goes to a pipe or file. */
final class TerminalWidth {
    private TerminalWidth() {}

    static int get() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d+")) {
            return Integer.parseInt(columns);
        }
        if (System.console() == null) {
            return Integer.MAX_VALUE;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty")).start();
            if (stty.waitFor(1, TimeUnit.SECONDS)) {
                String[] size = new String(stty.getInputStream().readAllBytes()).trim().split("\\s+");
                if (size.length == 2 && size[1].matches("\\d+")) {
                    return Integer.parseInt(size[1]);
                }
            }
        } catch (Exception noTty) {
            // not a terminal we can ask; print everything
        }
        return Integer.MAX_VALUE;
    }
}
