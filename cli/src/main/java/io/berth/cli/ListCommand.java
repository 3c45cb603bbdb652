package io.berth.cli;

import io.berth.wire.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", mixinStandardHelpOptions = true, description = {"List jobs, oldest first: id, status, project, "
        + "sweep, command, params, latest metrics, times, exit code.",
        "The table shortens for reading: long cells are cut with '…', fractions shown to 6 significant digits, "
                + "columns that do not fit the terminal left out (after ID, STATUS, PROJECT and COMMAND; named on "
                + "stderr); --csv and --json give every value whole (--csv: params and metrics each as one JSON object)."})
final class ListCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Mixin
    JobFilterOptions filter;

    @ArgGroup(exclusive = true)
    OutputFormat format = new OutputFormat();

    static final class OutputFormat {
        @Option(names = "--json", description = "Print the jobs as a JSON array, for scripts, every value whole.")
        boolean json;

        @Option(names = "--csv", description = "Print the table as CSV, every cell whole: numbers with every digit,"
                + " times in ISO 8601 with their offset.")
        boolean csv;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<JobView> jobs = env.client().jobs(filter.query());
        Terminal terminal = new Terminal(spec);
        if (format.json) {
            terminal.json(jobs);
        } else if (format.csv) {
            table(jobs, true).printCsv(terminal.out());
        } else {
            table(jobs, false).printFitting(terminal);
        }
        return ExitCodes.OK;
    }

    /**
     * A row per job; for CSV every value whole. A terminal too narrow for every column keeps ID, STATUS, PROJECT
     * and COMMAND (cut to 30 columns), then the others, in the table's order, while they fit.
     */
    static Table table(List<JobView> jobs, boolean csv) {
        Table table = new Table(List.of("ID", "STATUS", "PROJECT", "SWEEP", "COMMAND", "PARAMS", "METRICS", "CREATED",
                "STARTED", "FINISHED", "EXIT"), 0, 0, 24, 0, 30, 40, 40);
        // CSV is read by programs: whole values, and times with their zone, not the table's short local ones
        Function<Instant, String> time = csv ? Cells::isoTime : Cells::time;
        Function<Map<String, ?>, String> values = csv ? Cells::jsonObject : map -> Cells.pairs(map, Cells::value);
        for (JobView job : jobs) {
            table.add(List.of(job.id(), job.state(), job.project(), job.sweepId() == null ? "" : job.sweepId(),
                    Cells.command(job.command()), values.apply(Cells.params(job)), values.apply(job.metrics()),
                    time.apply(job.createdAt()), time.apply(job.startedAt()), time.apply(job.finishedAt()),
                    job.exitCode() == null ? "" : job.exitCode().toString()));
        }
        return table.keepFirst(List.of(0, 1, 2, 4));
    }
}
