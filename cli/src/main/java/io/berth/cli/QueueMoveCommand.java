package io.berth.cli;

import io.berth.sdk.BerthClient;
import io.berth.wire.JobView;
import io.berth.wire.MoveJobRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "move", mixinStandardHelpOptions = true, description = "Move a queued job within its priority: to the "
        + "front, or just before another queued job of the same priority.")
final class QueueMoveCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Parameters(index = "1", paramLabel = "<job-id>", description = "The queued job's id or a unique start of it.")
    String job;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Where {
        @Option(names = "--to-front", required = true, description = "Before every other queued job of its priority.")
        boolean toFront;

        @Option(names = "--before", required = true, paramLabel = "<job-id>",
                description = "Just before this queued job (same priority; any unique start of its id).")
        String before;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BerthClient client = env.client();
        Terminal terminal = new Terminal(spec);
        if (where.toFront) {
            JobView moved = client.move(job, MoveJobRequest.toTheFront());
            terminal.say("Moved job " + moved.id() + " to the front of priority " + priority(moved) + "'s queue");
        } else {
            String target = client.job(where.before).id();
            JobView moved = client.move(job, MoveJobRequest.beforeJob(target));
            terminal.say("Moved job " + moved.id() + " before job " + target + " (priority " + priority(moved) + ")");
        }
        return ExitCodes.OK;
    }

    private static int priority(JobView job) {
        return job.requests().priorityOrDefault();
    }
}
