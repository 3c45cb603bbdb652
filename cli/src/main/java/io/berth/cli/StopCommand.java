package io.berth.cli;

import io.berth.sdk.BerthClient;
import io.berth.sdk.ServerOutages;
import io.berth.wire.JobView;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a job: a queued one leaves the queue, a running one gets SIGTERM, "
        + "then SIGKILL after the server's grace period.")
final class StopCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<job-id>", description = "The job's id or a unique start of it.")
    String job;

    @Option(names = "--sweep", paramLabel = "<id>", description = "Act on every job of this sweep instead.")
    String sweep;

    @Option(names = "--no-wait", description = "Return once the stop is requested, without waiting for the container to end.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "<seconds>", description = "How long to wait for the job to end (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = 120;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        boolean isSweep = JobOrSweep.isSweep(job, sweep);
        BerthClient client = env.client();
        Terminal terminal = new Terminal(spec);
        if (isSweep) {
            return JobOrSweep.report(terminal, "stopping", client.stopSweep(sweep));
        }
        JobView view = client.stop(job);
        if (view.finished()) {
            terminal.say(Outcome.describe(view));
            return ExitCodes.OK;
        }
        terminal.say("stopping job " + view.id() + "...");
        if (noWait) {
            return ExitCodes.OK;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(timeoutSeconds));
        while (!view.finished()) {
            if (Instant.now().isAfter(deadline)) {
                throw new UserError(ExitCodes.TIMED_OUT, "job " + view.id() + " has not ended after " + timeoutSeconds
                        + " s; it is still " + view.state() + " and goes on stopping; see 'berth list " + env.name() + "'");
            }
            Thread.sleep(200);
            String id = view.id();
            view = ServerOutages.waitOut(() -> client.job(id), () -> terminal.note("the server does not answer"
                    + " (restarting?); waiting for it"), Duration.between(Instant.now(), deadline));
        }
        terminal.say(Outcome.describe(view));
        return ExitCodes.OK;
    }
}
