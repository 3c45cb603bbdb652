package io.berth.cli;

import io.berth.config.SweepFile;
import io.berth.sdk.BerthClient;
import io.berth.sdk.JobRequest;
import io.berth.sdk.ServerOutages;
import io.berth.sdk.Sweep;
import io.berth.sdk.SweepHandle;
import io.berth.sdk.SweepProgress;
import io.berth.wire.JobView;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sweep", mixinStandardHelpOptions = true, description = {
        "Queue one job per parameter set of a grid, of random draws, or of a params file: <job-dir> is "
                + "bundled and uploaded once and the whole sweep is queued in one step. Then show its progress "
                + "until every job has finished, and a table of the results.",
        "Options go before <env>; everything after <command> is passed to every job unchanged.",
        "Exit code: 0 if every job completed, 1 if any failed or was stopped (see docs/cli.md)."})
final class SweepCommand implements Callable<Integer> {
    /** How often the progress is looked at while following. */
    static final long POLL_MILLIS = 500;

    @Option(names = "--grid", paramLabel = "key=v1,v2,...",
            description = "Values of a parameter, each typed like a -p value (or a JSON array: key=[[1,2],[3]]). "
                    + "Every combination runs; the first --grid varies slowest.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--random", paramLabel = "key=dist(a,b)",
            description = "Where to draw a parameter from: uniform(a,b), loguniform(a,b), int(a,b) (both ends "
                    + "included) or choice(x,y,...). Needs -n.")
    List<String> random = new ArrayList<>();

    @Option(names = "-n", paramLabel = "<jobs>", description = "How many random draws (jobs) to make.")
    Integer draws;

    @Option(names = "--seed", description = "Seed of the random draws: the same seed draws the same sets (default: a new one, printed).")
    Long seed;

    @Option(names = "--params-file", paramLabel = "<sweep.yaml>",
            description = "The whole sweep in a YAML file: grid:, random: or sets: (see docs/cli.md).")
    Path paramsFile;

    @Mixin
    JobOptions job;

    @Option(names = "--no-follow", description = "Print the sweep id and return once its jobs are queued.")
    boolean noFollow;

    @Parameters(index = "0", paramLabel = "<env>", description = "Submission config, e.g. 'scheduler'.")
    String env;

    @Parameters(index = "1", paramLabel = "<job-dir>", description = "The project directory to bundle.")
    Path jobDir;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "<command>",
            description = "What every job runs, e.g. main.py --epochs 3 (default: worker.command in job.config.yaml).")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Terminal terminal = new Terminal(spec);
        Sweep sweep = sweep(terminal);
        Path dir = JobOptions.jobDir(jobDir);
        JobRequest request = JobOptions.withCommand(job.request(dir, command), "sweep");
        BerthClient client = EnvOption.clientFor(env, dir);
        SweepHandle handle = io.berth.sdk.Berth.of(client).sweep(request, sweep, new SubmitProgress(terminal));
        terminal.note("queued sweep " + handle.id() + ": " + Plurals.count(sweep.size(), "job"));
        if (noFollow) {
            terminal.say(handle.id());
            return ExitCodes.OK;
        }
        Thread interrupted = new Thread(() -> terminal.note("\nstopped following sweep " + handle.id()
                + "; its jobs go on. See them with: berth list " + env));
        Runtime.getRuntime().addShutdownHook(interrupted);
        List<JobView> jobs;
        try {
            jobs = follow(handle, terminal);
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        printResults(jobs);
        boolean allCompleted = jobs.stream().allMatch(j -> "completed".equals(j.state()));
        return allCompleted ? ExitCodes.OK : ExitCodes.JOB_NOT_COMPLETED;
    }

    /** Checks the options and makes the sweep, before anything is bundled or sent. */
    private Sweep sweep(Terminal terminal) {
        boolean fromOptions = !grid.isEmpty() || !random.isEmpty() || draws != null || seed != null;
        if (paramsFile != null) {
            if (fromOptions) {
                throw new UserError(ExitCodes.USAGE, "--params-file holds the whole sweep; it cannot be combined "
                        + "with --grid, --random, -n or --seed");
            }
            SweepFile file = SweepFile.load(paramsFile);
            long drawSeed = newSeed();
            Sweep sweep = SweepSpecs.fromFile(paramsFile, file, drawSeed);
            if (file.random() != null && file.random().seed() == null) {
                terminal.note(seedNote(drawSeed));
            }
            return sweep;
        }
        if (!grid.isEmpty() && !random.isEmpty()) {
            throw new UserError(ExitCodes.USAGE, "--grid and --random cannot be mixed: a sweep is either every "
                    + "combination of values or random draws (a params file with sets: can hold any list)");
        }
        if (!grid.isEmpty()) {
            if (draws != null || seed != null) {
                throw new UserError(ExitCodes.USAGE, "-n and --seed go with --random, not --grid");
            }
            return SweepSpecs.grid(SweepSpecs.keyed("--grid", grid));
        }
        if (!random.isEmpty()) {
            if (draws == null) {
                throw new UserError(ExitCodes.USAGE, "--random needs -n, the number of jobs to draw");
            }
            long drawSeed = seed != null ? seed : newSeed();
            Sweep sweep = SweepSpecs.random(SweepSpecs.keyed("--random", random), draws, drawSeed);
            if (seed == null) {
                terminal.note(seedNote(drawSeed));
            }
            return sweep;
        }
        throw new UserError(ExitCodes.USAGE, "berth sweep needs --grid, --random or --params-file to know what to run");
    }

    private static long newSeed() {
        return new SecureRandom().nextInt(Integer.MAX_VALUE); // short enough to type again
    }

    private static String seedNote(long seed) {
        return "random draws with seed " + seed + " (--seed " + seed + " draws the same sets again)";
    }

    /**
     * Prints the progress on stderr each time it changes, until every job has finished; returns the jobs. Only the
     * counts are asked for while it waits (a sweep may have 100,000 jobs); the jobs once, at the end.
     */
    private static List<JobView> follow(SweepHandle handle, Terminal terminal) throws InterruptedException {
        String shown = null;
        Runnable waiting = () -> terminal.note("the server does not answer (restarting?); waiting up to "
                + ServerOutages.TOLERATED.toMinutes() + " minutes for it");
        while (true) {
            SweepProgress progress = ServerOutages.waitOut(handle::progress, waiting);
            String line = "sweep " + handle.id() + ": " + progress;
            if (!line.equals(shown)) {
                terminal.note(line);
                shown = line;
            }
            if (progress.allFinished()) {
                return ServerOutages.waitOut(handle::views, waiting);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** One row per job, in queue order: what it ran with and what it reported. */
    private void printResults(List<JobView> jobs) {
        Table table = new Table(List.of("ID", "STATUS", "PARAMS", "METRICS", "REASON"), 0, 0, 60, 60, 40);
        for (JobView j : jobs) {
            table.add(List.of(j.id(), j.state(), Cells.pairs(Cells.params(j), Cells::value), Cells.pairs(j.metrics(), Cells::value),
                    j.reason() == null ? "" : j.reason()));
        }
        table.print(spec.commandLine().getOut());
    }
}
