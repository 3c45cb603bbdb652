package io.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete things from the server.", subcommands = DeleteCommand.Job.class)
final class DeleteCommand {

    @Command(name = "job", mixinStandardHelpOptions = true, description = "Delete a finished job: its record, logs and archive.")
    static final class Job implements Callable<Integer> {
        @Mixin
        EnvOption env;

        @Parameters(index = "1", arity = "0..1", paramLabel = "<job-id>", description = "The job's id or a unique start of it.")
        String job;

        @Option(names = "--sweep", paramLabel = "<id>", description = "Act on every job of this sweep instead.")
        String sweep;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean isSweep = JobOrSweep.isSweep(job, sweep);
            var client = env.client();
            if (isSweep) {
                return JobOrSweep.report(new Terminal(spec), "deleted", client.deleteSweep(sweep));
            }
            String id = client.job(job).id();
            client.delete(id);
            new Terminal(spec).say("deleted job " + id);
            return ExitCodes.OK;
        }
    }
}
