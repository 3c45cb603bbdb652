package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/berth} run as a process in a Berth home of its own, as on another machine (an agent's): without the
 * client's class archive, which it would otherwise wait for.
 */
final class BinBerth {
    static final Path PATH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

    /** What it printed (standard output and error, as they came) and its exit code. */
    record Run(int code, String output) {}

    private BinBerth() {}

    static Run run(Path home, String... args) throws Exception {
        return runOn(null, home, "", args);
    }

    /** With {@code input} on its standard input, on the machine behind {@code link} (null: this one). */
    static Run runOn(CuttableLink link, Path home, String input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PATH.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(link == null ? command : link.command(command))
                .redirectErrorStream(true);
        builder.environment().put("BERTH_HOME", home.toString());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("BERTH_CDS", "0");
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
