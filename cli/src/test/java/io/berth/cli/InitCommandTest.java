package io.berth.cli;

import static io.berth.cli.CliRun.berthIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path here;

    @Test
    void aProjectInTheCurrentDirectoryIsRunWithoutACd() {
        CliRun init = berthIn(here, "init", ".");

        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(init.out().strip()).isEqualTo("created project " + here.getFileName()
                + " in .; run it with: berth submit scheduler . main.py");
        assertThat(here.resolve("main.py")).exists();
    }

    @Test
    void aProjectElsewhereIsRunAfterACdIntoIt() {
        CliRun init = berthIn(here, "init", "p1");

        assertThat(init.out().strip()).isEqualTo("created project p1 in p1; run it with: cd p1 && berth submit scheduler . main.py");
        assertThat(here.resolve("p1/main.py")).exists();
    }

    @Test
    void aDirectoryWithASpaceGivesTheProjectNameSubmitWillUseAndACdThatWorks() {
        CliRun init = berthIn(here, "init", "мой проект");

        assertThat(init.out().strip()).isEqualTo("created project мой-проект in мой проект; run it with: "
                + "cd 'мой проект' && berth submit scheduler . main.py");
    }

    @Test
    void aPathThroughAMissingDirectoryCreatesNothing() throws Exception {
        CliRun init = berthIn(here, "init", "p1x/../p1");

        assertThat(init.exitCode()).as(init.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(init.err()).contains("p1x is not an existing directory").doesNotContain("NoSuchFileException");
        try (var left = Files.list(here)) {
            assertThat(left).isEmpty();
        }
    }
}
