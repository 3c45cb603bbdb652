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
    @TempDir
    Path stubRoot;

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
    void streamJobLogsTakesTrueOrFalseInAnyCaseAndMustAgreeWithNoFollow() throws IOException {
        CliRun maybe = berth("submit", "--stream-job-logs", "maybe", "scheduler", project.toString(), "main.py");
        assertThat(maybe.exitCode()).as(maybe.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(maybe.err()).as(maybe.toString()).contains("--stream-job-logs", "'maybe' is not a boolean");

        CliRun both = berth("submit", "--stream-job-logs", "TRUE", "--no-follow", "scheduler", project.toString(), "main.py");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).as(both.toString())
                .startsWith("berth: --stream-job-logs True and --no-follow contradict each other; give one of them");

        try (StubServer server = new StubServer(stubRoot)) {
            for (List<String> agreeing : List.of(List.of("--stream-job-logs", "False"),
                    List.of("--stream-job-logs", "false", "--no-follow"), List.of("--stream-job-logs", "True"))) {
                List<String> args = new ArrayList<>(List.of("submit"));
                args.addAll(agreeing);
                args.addAll(List.of(StubServer.ENV, project.toString(), "main.py"));
                CliRun run = berth(args.toArray(String[]::new));
                assertThat(run.exitCode()).as("taken as far as the upload, which the stub refuses: " + run)
                        .isNotEqualTo(ExitCodes.USAGE).isNotZero();
                assertThat(run.err()).as(run.toString()).doesNotContain("--stream-job-logs");
            }
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
