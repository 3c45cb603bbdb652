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
    private static final int PROBLEM_WIDTH = 60;

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
        envs.stream().filter(listed -> listed.problem() != null).forEach(listed -> terminal.note("(" + listed.env()
                + " is invalid; 'berth list " + listed.env() + "' shows the whole message)"));
        return ExitCodes.OK;
    }

    /** One row per env: its URL (or why its file cannot be used), which kind of place it came from, its file. */
    static Table table(List<SubmissionConfigs.Listed> envs) {
        Table table = new Table(List.of("ENV", "SCHEDULER URL", "FROM", "FILE"));
        for (SubmissionConfigs.Listed listed : envs) {
            String url = listed.problem() != null ? "(invalid: " + shortProblem(listed) + ")"
                    : listed.schedulerUrl().toString();
            table.add(List.of(listed.env(), url, listed.source().label(), listed.file().toString()));
        }
        return table;
    }

    /** The problem without the file the FILE column names, its first line, cut to keep the row readable. */
    static String shortProblem(SubmissionConfigs.Listed listed) {
        String problem = listed.problem();
        String file = listed.file().normalize() + ":";
        if (problem.startsWith(file)) {
            problem = problem.substring(file.length());
            problem = problem.matches("(?s)\\d+:.*") ? "line " + problem : problem.strip();
        }
        return Table.cut(problem.lines().findFirst().orElse(""), PROBLEM_WIDTH);
    }
}
