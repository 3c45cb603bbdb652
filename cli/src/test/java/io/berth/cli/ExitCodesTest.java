package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.BulkResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected failures end with their documented exit code and a message, never 70 "internal error". */
class ExitCodesTest {
    @TempDir
    Path root;
    private StubServer server;
    private Path project;

    @BeforeEach
    void start() throws IOException {
        server = new StubServer(root);
        project = Files.createDirectories(root.resolve("project"));
        Files.writeString(project.resolve("main.py"), "print('hi')\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aLinkTheBundleCannotHoldIsInvalidInputWithItsMessageOnly() throws IOException {
        Files.createSymbolicLink(project.resolve("abs"), Path.of("/etc/hostname"));

        CliRun submit = berth("submit", StubServer.ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(submit.err()).as(submit.toString()).startsWith("berth: a link in the project cannot be bundled")
                .contains("abs -> /etc/hostname: an absolute path").doesNotContain("internal error");
    }

    @Test
    void anEmptyJobIdIsInvalidInput() {
        CliRun logs = berth("get", "logs", StubServer.ENV, "");

        assertThat(logs.exitCode()).as(logs.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(logs.err().strip())
                .isEqualTo("berth: no job id given (it is empty); give the job's id or a unique start of it");
    }

    @Test
    void aStopThatOutlastsItsTimeoutHasItsOwnCode() {
        server.answer("POST", "/jobs/01aa/stop", StubServer.aJob("01aaaaaaaaaaaaaa", "running"))
                .answer("GET", "/jobs/01aaaaaaaaaaaaaa", StubServer.aJob("01aaaaaaaaaaaaaa", "running"));

        CliRun stop = berth("stop", StubServer.ENV, "01aa", "--timeout", "0");

        assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(ExitCodes.TIMED_OUT);
        assertThat(stop.err()).startsWith("berth: job 01aaaaaaaaaaaaaa has not ended after 0 s; it is still running");
    }

    @Test
    void aSweepActionThatCouldDoNothingFailsLikeOneOnAJobAndOneThatDidSomeSucceeds() {
        server.answer("DELETE", "/sweeps/01ss", new BulkResult(List.of(),
                List.of(new BulkResult.Skipped("01aaaaaaaaaaaaaa", "running; stop it first"))));
        server.answer("POST", "/sweeps/01ss/stop", new BulkResult(List.of("01bbbbbbbbbbbbbb"),
                List.of(new BulkResult.Skipped("01aaaaaaaaaaaaaa", "already completed"))));

        CliRun delete = berth("delete", "job", StubServer.ENV, "--sweep", "01ss");
        CliRun stop = berth("stop", StubServer.ENV, "--sweep", "01ss");

        assertThat(delete.exitCode()).as(delete.toString()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
        assertThat(delete.err()).contains("left 01aaaaaaaaaaaaaa: running; stop it first");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
    }

    @Test
    void aStatusThatIsNoStateIsAUsageErrorListingTheStates() {
        CliRun list = berth("list", StubServer.ENV, "--status", "runing");

        assertThat(list.exitCode()).as(list.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(list.err()).contains("--status: 'runing' is not a job's state (queued, starting, running, completed,"
                + " failed, stopped)");
    }

    @Test
    void badOptionValuesAreUsageErrorsWhetherPicocliOrBerthFindsThem() {
        for (String[] option : new String[][] {{"--memory", "12q"}, {"--cpus", "abc"}, {"--cpus", "-1"}, {"--cpus", "0.001"},
                {"--timeout", "soon"}, {"--priority", "5000"}}) {
            CliRun submit = berth("submit", option[0], option[1], StubServer.ENV, project.toString(), "main.py");

            assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(submit.err()).as(submit.toString()).contains(option[0]).doesNotContain("internal error");
        }
    }

    @Test
    void cpusBelowDockersMinimumAreRefusedBeforeAnythingIsSent() {
        CliRun submit = berth("submit", "--cpus", "0.001", StubServer.ENV, project.toString(), "main.py");

        assertThat(submit.exitCode()).as(submit.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(submit.err()).as(submit.toString())
                .startsWith("berth: --cpus: must be at least 0.01 (Docker's minimum), got 0.001");
    }
}
