package io.berth.cli;

import io.berth.config.SubmissionConfigs;
import io.berth.sdk.BerthClient;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code <env>} every job command takes first: the submission config naming the server. */
public final class EnvOption {
    @Parameters(index = "0", paramLabel = "<env>",
            description = "Submission config to use, e.g. 'scheduler' (./config/submission/<env>.config.yaml, "
                    + "then $BERTH_HOME/config/submission/, then Atlas's $FOUNDATIONS_HOME/ and ~/.foundations/).")
    String env;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** A client for the env's server, looking for project configs under {@code projectDir} first. */
    public BerthClient client(Path projectDir) {
        return clientFor(env, projectDir);
    }

    /** A client for the named env's server, for commands whose env is not this mixin's (submit, sweep). */
    static BerthClient clientFor(String env, Path projectDir) {
        return BerthClient.of(new SubmissionConfigs().find(env, projectDir).config());
    }

    /** A client for the env's server, looking for project configs in the directory berth runs in first. */
    public BerthClient client() {
        return client(Berth.workingDir(command));
    }

    public String name() {
        return env;
    }
}
