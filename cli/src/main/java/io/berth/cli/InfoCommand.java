package io.berth.cli;

import io.berth.config.BerthHome;
import io.berth.config.SubmissionConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Show Berth's configuration.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--env", required = true, description = "List the submission configs (envs) and where they come from.")
    boolean env;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path here = Berth.workingDir(spec);
        List<SubmissionConfigs.Listed> envs = new SubmissionConfigs().list(here);
        Terminal terminal = new Terminal(spec);
        if (envs.isEmpty()) {
            terminal.say("no submission configs in ./config/submission/ or " + BerthHome.submissionDir(BerthHome.path())
                    + "; 'berth server start' creates 'scheduler'");
            return ExitCodes.OK;
        }
        Table table = new Table(List.of("ENV", "SCHEDULER URL", "FILE"));
        for (SubmissionConfigs.Listed listed : envs) {
            String url = listed.problem() != null ? "(invalid: " + listed.problem() + ")" : listed.schedulerUrl().toString();
            table.add(List.of(listed.env(), url, listed.file().toString()));
        }
        table.print(terminal.out());
        return ExitCodes.OK;
    }
}
