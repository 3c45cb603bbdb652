package io.berth.cli;

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
    @Option(names = "--env", required = true, description = "List the submission configs (envs) and where they come from:"
            + " the project's, $BERTH_HOME's, or Atlas's ($FOUNDATIONS_HOME, ~/.foundations).")
    boolean env;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path here = Berth.workingDir(spec);
        SubmissionConfigs configs = new SubmissionConfigs();
        List<SubmissionConfigs.Listed> envs = configs.list(here);
        Terminal terminal = new Terminal(spec);
        if (envs.isEmpty()) {
            terminal.say("no submission configs in " + configs.placesSaid(here) + "; 'berth server start' creates"
                    + " 'scheduler'");
            return ExitCodes.OK;
        }
        table(envs).print(terminal.out());
        return ExitCodes.OK;
    }

    /** One row per env: its URL (or why its file cannot be used), which kind of place it came from, its file. */
    static Table table(List<SubmissionConfigs.Listed> envs) {
        Table table = new Table(List.of("ENV", "SCHEDULER URL", "FROM", "FILE"));
        for (SubmissionConfigs.Listed listed : envs) {
            String url = listed.problem() != null ? "(invalid: " + listed.problem() + ")" : listed.schedulerUrl().toString();
            table.add(List.of(listed.env(), url, listed.source().label(), listed.file().toString()));
        }
        return table;
    }
}
