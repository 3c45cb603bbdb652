package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A wrong command line prints the error and a pointer to the help, not the help itself. */
class UsageErrorsTest {

    @Test
    void aBadOptionValueIsTheErrorAndAHint() {
        CliRun run = berth("submit", "--cpus", "abc", "scheduler", ".", "main.py");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).as(run.toString()).containsExactly(
                "berth: Invalid value for option '--cpus': 'abc' is not a double",
                "see 'berth submit --help'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aParamWithoutAnEqualsSignSaysOptionOnce() {
        CliRun run = berth("submit", "-p", "lr", "scheduler", ".", "main.py");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).as(run.toString()).containsExactly(
                "berth: Value for option '--param' (key=value) should be in KEY=VALUE format but was lr",
                "see 'berth submit --help'");
    }

    @Test
    void berthsOwnUsageErrorsGetTheSameHint() {
        CliRun run = berth("stop", "scheduler");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).as(run.toString()).containsExactly(
                "berth: give either a <job-id> or --sweep <id>", "see 'berth stop --help'");
    }

    @Test
    void aMistypedCommandSuggestsTheRightOne() {
        CliRun run = berth("sbumit", "scheduler");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Did you mean: berth submit").endsWith("see 'berth --help'" + System.lineSeparator());
    }
}
