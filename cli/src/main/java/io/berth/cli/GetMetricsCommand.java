package io.berth.cli;

import io.berth.wire.JobView;
import io.berth.wire.ValueOrder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "metrics", mixinStandardHelpOptions = true, description = {
        "One row per job with every parameter, the latest value of every metric and every tag (Atlas's "
                + "get_metrics_for_all_jobs), to compare the jobs of a project or sweep.",
        "Parameter columns are headed by their name, metric columns by 'm:' and theirs, tag columns by 't:'.",
        "The table shows fractions to 6 significant digits and leaves out columns that do not fit the terminal "
                + "(parameters that are the same in every row first, then tags, then metrics); "
                + "--csv and --json give every value whole."})
final class GetMetricsCommand implements Callable<Integer> {
    /** How the table's headers tell metrics and tags from parameters. */
    private static final String METRIC_PREFIX = "m:";
    private static final String TAG_PREFIX = "t:";

    @Mixin
    EnvOption env;

    @Mixin
    JobFilterOptions filter;

    @Option(names = "--sort", paramLabel = "<key>", description = "Sort by this metric or parameter (metrics first); "
            + "jobs without it go last.")
    String sort;

    @Option(names = "--desc", description = "Sort from the highest value down.")
    boolean descending;

    @ArgGroup(exclusive = true)
    ListCommand.OutputFormat format = new ListCommand.OutputFormat();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<JobView> jobs = new ArrayList<>(env.client().jobs(filter.query()));
        Terminal terminal = new Terminal(spec);
        String key = sort == null ? null : sortKey(sort);
        if (key != null) {
            // a typo should not pass for an order, yet a sweep whose jobs have not reported yet is no error
            missingEverywhere(jobs, key).ifPresent(terminal::note);
            jobs.sort(byKey(key, descending));
        }
        PrintWriter out = terminal.out();
        if (format.json) {
            List<Map<String, Object>> rows = jobs.stream().map(GetMetricsCommand::jsonRow).toList();
            terminal.json(rows);
            return ExitCodes.OK;
        }
        if (format.csv) {
            table(jobs, key, Cells::exact).printCsv(out);
            return ExitCodes.OK;
        }
        table(jobs, key, Cells::value).printFitting(terminal);
        return ExitCodes.OK;
    }

    /**
     * ID, STATUS, a column per parameter, one per metric ({@code m:loss}) and one per tag ({@code t:stage}), each
     * cell as {@code shown} makes it. A terminal too narrow for all keeps, in this order: ID and STATUS, the sort
     * key's column (null: none), the parameters whose values differ between the rows (they tell the jobs apart),
     * the metrics, the tags, and last the parameters every row has the same.
     */
    static Table table(List<JobView> jobs, String sortKey, Function<Object, String> shown) {
        List<String> params = names(jobs, Cells::params);
        List<String> metrics = names(jobs, JobView::metrics);
        List<String> tags = names(jobs, JobView::tags);
        List<String> headers = new ArrayList<>(List.of("ID", "STATUS"));
        headers.addAll(params);
        metrics.forEach(metric -> headers.add(METRIC_PREFIX + metric));
        tags.forEach(tag -> headers.add(TAG_PREFIX + tag));
        List<List<String>> rows = new ArrayList<>();
        for (JobView job : jobs) {
            List<String> cells = new ArrayList<>(List.of(job.id(), job.state()));
            Map<String, Object> values = Cells.params(job);
            params.forEach(param -> cells.add(shown.apply(values.get(param))));
            metrics.forEach(metric -> cells.add(shown.apply(job.metrics().get(metric))));
            tags.forEach(tag -> cells.add(shown.apply(job.tags().get(tag))));
            rows.add(cells);
        }
        Table table = new Table(headers, 0, 0);
        rows.forEach(table::add);
        int firstMetric = 2 + params.size();
        List<Integer> keep = new ArrayList<>(List.of(0, 1));
        // the sort key is a metric when a job has a metric of that name, as byKey reads it
        if (metrics.contains(sortKey)) {
            keep.add(firstMetric + metrics.indexOf(sortKey));
        } else if (params.contains(sortKey)) {
            keep.add(2 + params.indexOf(sortKey));
        }
        for (int column = 2; column < firstMetric; column++) {
            if (differs(rows, column)) {
                keep.add(column);
            }
        }
        for (int column = firstMetric; column < headers.size(); column++) {
            keep.add(column);
        }
        // the parameters every row has the same come last, as the table puts every column not named here
        return table.keepFirst(keep);
    }

    private static boolean differs(List<List<String>> rows, int column) {
        return rows.stream().map(row -> row.get(column)).distinct().count() > 1;
    }

    /** The keys any of the jobs has, by name ({@link NaturalOrder}: opt_2 before opt_10). */
    private static List<String> names(List<JobView> jobs, Function<JobView, Map<String, ?>> values) {
        Set<String> names = new TreeSet<>(NaturalOrder.NAMES);
        jobs.forEach(job -> names.addAll(values.apply(job).keySet()));
        return new ArrayList<>(names);
    }

    /** The key as the table's header names it ({@code m:loss}) or bare. */
    static String sortKey(String given) {
        return given.startsWith(METRIC_PREFIX) ? given.substring(METRIC_PREFIX.length()) : given;
    }

    /** What to tell a user whose sort key no listed job has, naming the keys there are. */
    static Optional<String> missingEverywhere(List<JobView> jobs, String key) {
        if (jobs.isEmpty() || jobs.stream().anyMatch(job -> job.metrics().containsKey(key)
                || Cells.params(job).containsKey(key))) {
            return Optional.empty();
        }
        Set<String> metrics = new TreeSet<>(NaturalOrder.NAMES);
        Set<String> params = new TreeSet<>(NaturalOrder.NAMES);
        jobs.forEach(job -> {
            metrics.addAll(job.metrics().keySet());
            params.addAll(Cells.params(job).keySet());
        });
        return Optional.of("no job listed has a metric or parameter '" + key + "' to sort by (metrics: "
                + listed(metrics) + "; parameters: " + listed(params) + ")");
    }

    private static String listed(Set<String> keys) {
        return keys.isEmpty() ? "none" : String.join(", ", keys);
    }

    private static Map<String, Object> jsonRow(JobView job) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", job.id());
        row.put("state", job.state());
        row.put("params", job.params());
        row.put("loggedParams", job.loggedParams());
        row.put("metrics", job.metrics());
        row.put("tags", job.tags());
        return row;
    }

    /** Numbers by value, then strings, then jobs without the key, whatever the direction. */
    static Comparator<JobView> byKey(String key, boolean descending) {
        Comparator<JobView> present = Comparator.comparing(job -> sortValue(job, key), ValueOrder.NUMBERS_FIRST);
        Comparator<JobView> ordered = descending ? present.reversed() : present;
        return Comparator.<JobView, Boolean>comparing(job -> sortValue(job, key) == null).thenComparing((a, b) ->
                sortValue(a, key) == null ? 0 : ordered.compare(a, b));
    }

    private static Object sortValue(JobView job, String key) {
        return job.metrics().containsKey(key) ? job.metrics().get(key) : Cells.params(job).get(key);
    }
}
