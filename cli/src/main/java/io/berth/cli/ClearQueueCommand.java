package io.berth.cli;

import io.berth.wire.ClearQueueResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "clear-queue", mixinStandardHelpOptions = true, description = "Remove every queued job from the queue (they end 'stopped'); running jobs go on.")
final class ClearQueueCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClearQueueResponse cleared = env.client().clearQueue();
        new Terminal(spec).say("Removed " + cleared.removed() + " job(s) from the queue");
        return ExitCodes.OK;
    }
}
