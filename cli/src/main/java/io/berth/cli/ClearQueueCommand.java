package io.berth.cli;

import io.berth.sdk.JobQuery;
import io.berth.wire.ClearQueueResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "clear-queue", mixinStandardHelpOptions = true, description = "Remove every queued job from the queue (they end 'stopped'); running jobs go on.")
final class ClearQueueCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Option(names = "--project", paramLabel = "<name>", description = "Only this project's queued jobs.")
    String project;

    @Option(names = "--sweep", paramLabel = "<id>", description = "Only this sweep's queued jobs.")
    String sweep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClearQueueResponse cleared = env.client().clearQueue(new JobQuery(project, sweep, null));
        new Terminal(spec).say("Removed " + cleared.removed() + " job(s) from the queue");
        return ExitCodes.OK;
    }
}
