package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What submit and sweep make of their command line before anything is bundled; no server here (CliIT runs one). */
class SubmitCommandTest {
    @TempDir
    Path project;

    @Test
    void withoutACommandHereOrInJobConfigYamlSubmitAndSweepSayWhereToGiveOne() throws IOException {
        Files.writeString(project.resolve("job.config.yaml"), "project_name: demo\n");
        for (List<String> args : List.of(List.of("submit", "scheduler", project.toString()),
                List.of("sweep", "--grid", "lr=0.1,0.2", "scheduler", project.toString()))) {
            CliRun run = berth(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(run.toString()).startsWith("berth: no command to run: give one after the directory (berth "
                    + args.get(0) + " <env> <job-dir> main.py), or set worker.command (or worker.args) in "
                    + project.resolve("job.config.yaml"));
        }
    }

    @Test
    void anEntrypointThatIsNoCommandIsAUsageErrorOfSubmitAndSweep() {
        for (String entrypoint : List.of("python -c 'print(1)", "", "  ")) {
            for (String subcommand : List.of("submit", "sweep")) {
                List<String> args = new ArrayList<>(List.of(subcommand, "--entrypoint", entrypoint));
                if (subcommand.equals("sweep")) {
                    args.addAll(List.of("--grid", "lr=0.1,0.2"));
                }
                args.addAll(List.of("scheduler", project.toString(), "main.py"));
                CliRun run = berth(args.toArray(String[]::new));

                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                assertThat(run.err()).as(run.toString()).startsWith("berth: --entrypoint: ");
            }
        }
    }
}
