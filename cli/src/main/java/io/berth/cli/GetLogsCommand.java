package io.berth.cli;

import io.berth.sdk.BerthClient;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a job's log (queued, running or finished).")
final class GetLogsCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Parameters(index = "1", paramLabel = "<job-id>", description = "The job's id or a unique start of it.")
    String job;

    @Option(names = {"-f", "--follow"}, description = "Keep printing as the job writes, until it ends.")
    boolean follow;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BerthClient client = env.client();
        OutputStream out = new Terminal(spec).outBytes();
        if (follow) {
            String id = client.job(job).id();
            LogFollower.follow(client, id, out);
        } else {
            client.streamLogs(job, false, 0, out);
        }
        return ExitCodes.OK;
    }
}
