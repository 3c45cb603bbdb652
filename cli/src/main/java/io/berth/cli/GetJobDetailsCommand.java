package io.berth.cli;

import io.berth.sdk.Sizes;
import io.berth.wire.ArtifactView;
import io.berth.wire.JobDetails;
import io.berth.wire.JobView;
import io.berth.wire.MetricPoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "job-details", mixinStandardHelpOptions = true,
        description = "A job's parameters, metrics with their history, tags and artifacts.")
final class GetJobDetailsCommand implements Callable<Integer> {
    private static final int HISTORY_SHOWN = 20;

    @Mixin
    EnvOption env;

    @Parameters(index = "1", paramLabel = "<job-id>", description = "The job's id or a unique start of it.")
    String job;

    @Option(names = "--json", description = "Print everything as JSON, whole histories included.")
    boolean json;

    @Option(names = "--all", description = "Show every value of each metric's history, not the last " + HISTORY_SHOWN + ".")
    boolean allHistory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JobDetails details = env.client().details(job);
        Terminal terminal = new Terminal(spec);
        if (json) {
            terminal.json(details);
            return ExitCodes.OK;
        }
        JobView view = details.job();
        say(terminal, "job " + view.id() + "  " + view.state() + (view.reason() == null ? "" : " (" + view.reason() + ")"));
        say(terminal, "project " + view.project() + (view.sweepId() == null ? "" : "  sweep " + view.sweepId())
                + "  command " + Cells.command(view.command()));
        section(terminal, "parameters", view.params());
        section(terminal, "logged parameters", details.loggedParams());
        say(terminal, "metrics:");
        if (details.metrics().isEmpty()) {
            say(terminal, "  (none)");
        }
        details.metrics().forEach((key, points) -> printHistory(terminal, key, points));
        section(terminal, "tags", details.tags());
        say(terminal, "artifacts:");
        if (details.artifacts().isEmpty()) {
            say(terminal, "  (none)");
        }
        for (ArtifactView artifact : details.artifacts()) {
            say(terminal, "  " + artifact.key() + "  job/berth/" + artifact.path() + "  " + Sizes.human(artifact.bytes()));
        }
        return ExitCodes.OK;
    }

    /** Every line holds what the job reported; its control characters are shown escaped ({@link Printable}). */
    private static void say(Terminal terminal, String line) {
        terminal.say(Printable.of(line));
    }

    private static void section(Terminal terminal, String title, Map<String, ?> values) {
        say(terminal, title + ":");
        if (values.isEmpty()) {
            say(terminal, "  (none)");
        }
        values.forEach((key, value) -> say(terminal, "  " + key + " = " + Cells.value(value)));
    }

    private void printHistory(Terminal terminal, String key, List<MetricPoint> points) {
        MetricPoint last = points.get(points.size() - 1);
        say(terminal, "  " + key + " = " + Cells.value(last.value()) + "  (" + Plurals.count(points.size(), "value") + ")");
        List<MetricPoint> shown = allHistory || points.size() <= HISTORY_SHOWN ? points
                : points.subList(points.size() - HISTORY_SHOWN, points.size());
        if (shown.size() < points.size()) {
            say(terminal, "    ... " + Plurals.count(points.size() - shown.size(), "earlier value") + "; --all shows them");
        }
        if (points.size() > 1) {
            shown.forEach(p -> say(terminal, "    step " + p.step() + "  " + Cells.value(p.value()) + "  " + Cells.time(p.time())));
        }
    }
}
