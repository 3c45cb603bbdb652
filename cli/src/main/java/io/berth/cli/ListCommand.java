package io.berth.cli;

import io.berth.sdk.BerthClient;
import io.berth.sdk.JobPageQuery;
import io.berth.sdk.JobQuery;
import io.berth.wire.JobPage;
import io.berth.wire.JobView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
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

@Command(name = "list", mixinStandardHelpOptions = true, description = {"List the latest jobs (50, or --limit; --all for "
        + "every one), oldest first: id, status, project, sweep, command, params, latest metrics, times, exit code, and why it failed or waits.",
        "The table shortens for reading: long cells are cut with '…', fractions shown to 6 significant digits, "
                + "columns that do not fit the terminal left out (after ID, STATUS, PROJECT and COMMAND; named on "
                + "stderr); --csv and --json give every value whole (--csv: params and metrics each as one JSON object).",
        "How many jobs were left out, and how to see them, is said on stderr."})
final class ListCommand implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 50;
    /** Jobs read from the server per request with --all, and printed per page. */
    static final int PAGE = JobPageQuery.MAX_LIMIT;

    @Mixin
    EnvOption env;

    @Mixin
    JobFilterOptions filter;

    @ArgGroup(exclusive = true)
    OutputFormat format = new OutputFormat();

    @ArgGroup(exclusive = true)
    HowMany howMany = new HowMany();

    static final class OutputFormat {
        @Option(names = "--json", description = "Print the jobs as a JSON array, for scripts, every value whole.")
        boolean json;

        @Option(names = "--csv", description = "Print the table as CSV, every cell whole: numbers with every digit,"
                + " times in ISO 8601 with their offset.")
        boolean csv;
    }

    static final class HowMany {
        @Option(names = "--limit", paramLabel = "<n>", description = "Show the latest n jobs (default: "
                + DEFAULT_LIMIT + ").")
        Integer limit;

        @Option(names = "--all", description = "Show every job, read from the server " + PAGE
                + " at a time and printed as they come (the table's columns are laid out by the first "
                + PAGE + ").")
        boolean all;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int limit = howMany.limit == null ? DEFAULT_LIMIT : howMany.limit;
        if (limit < 1) {
            throw new UserError(ExitCodes.USAGE, "--limit: " + limit + " is not a number of jobs (1 or more)");
        }
        Terminal terminal = new Terminal(spec);
        JobListing listing = format.json ? JobListing.json(terminal) : format.csv ? JobListing.csv(terminal)
                : JobListing.table(terminal);
        BerthClient client = env.client();
        JobQuery query = filter.query();
        if (howMany.all) {
            printEvery(client.allJobs(JobPageQuery.oldest(query, PAGE)).iterator(), listing);
            return ExitCodes.OK;
        }
        JobPage newest = client.jobPage(JobPageQuery.newest(query, Math.min(limit, PAGE)));
        List<JobView> shown = new ArrayList<>(newest.jobs());
        if (limit > PAGE && newest.total() > PAGE) {
            client.allJobs(JobPageQuery.newest(query, PAGE).at(PAGE)).limit(limit - PAGE).forEach(shown::add);
        }
        Collections.reverse(shown);
        listing.print(shown);
        listing.finish();
        if (newest.total() > shown.size()) {
            terminal.note("(the latest " + shown.size() + " of " + newest.total() + " jobs; --limit <n> shows more,"
                    + " --all every one)");
        }
        return ExitCodes.OK;
    }

    /** Prints the jobs a page at a time, as they come from the server. */
    private static void printEvery(Iterator<JobView> jobs, JobListing listing) {
        List<JobView> page = new ArrayList<>();
        boolean printed = false;
        while (jobs.hasNext()) {
            page.add(jobs.next());
            if (page.size() == PAGE) {
                listing.print(page);
                printed = true;
                page = new ArrayList<>();
            }
        }
        if (!page.isEmpty() || !printed) {
            listing.print(page);
        }
        listing.finish();
    }

    /**
     * A row per job; for CSV every value whole. NODE is where the job ran: an agent's name, {@code local} for the
     * server's own engine. A terminal too narrow for every column keeps ID, STATUS, PROJECT and COMMAND (cut to 30
     * columns), then the others, in the table's order, while they fit.
     */
    static Table table(List<JobView> jobs, boolean csv) {
        Table table = new Table(List.of("ID", "STATUS", "NODE", "PROJECT", "SWEEP", "COMMAND", "PARAMS", "METRICS",
                "CREATED", "STARTED", "FINISHED", "EXIT", "REASON"), 0, 0, 20, 24, 0, 30, 40, 40, 0, 0, 0, 0, 40);
        // CSV is read by programs: whole values, and times with their zone, not the table's short local ones
        Function<Instant, String> time = csv ? Cells::isoTime : Cells::time;
        Function<Map<String, ?>, String> values = csv ? Cells::jsonObject : map -> Cells.pairs(map, Cells::value);
        for (JobView job : jobs) {
            table.add(List.of(job.id(), job.state(), Cells.node(job), job.project(),
                    job.sweepId() == null ? "" : job.sweepId(),
                    Cells.command(job.command()), values.apply(Cells.params(job)), values.apply(job.metrics()),
                    time.apply(job.createdAt()), time.apply(job.startedAt()), time.apply(job.finishedAt()),
                    job.exitCode() == null ? "" : job.exitCode().toString(), job.reason() == null ? "" : job.reason()));
        }
        return table.keepFirst(List.of(0, 1, 3, 5));
    }
}
