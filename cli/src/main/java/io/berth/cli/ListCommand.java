package io.berth.cli;

import io.berth.wire.JobView;
import io.berth.wire.WireJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, oldest first: id, status, project, command, params, times, exit code.")
final class ListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    EnvOption env;

    @Option(names = "--json", description = "Print the jobs as a JSON array, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<JobView> jobs = env.client().jobs();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(jobs));
            out.flush();
            return ExitCodes.OK;
        }
        Table table = new Table(List.of("ID", "STATUS", "PROJECT", "COMMAND", "PARAMS", "CREATED", "STARTED",
                "FINISHED", "EXIT"), 0, 0, 24, 40, 40);
        for (JobView job : jobs) {
            table.add(List.of(job.id(), job.state(), job.project(), String.join(" ", job.command()),
                    params(job.params()), time(job.createdAt()), time(job.startedAt()), time(job.finishedAt()),
                    job.exitCode() == null ? "" : job.exitCode().toString()));
        }
        table.print(out);
        return ExitCodes.OK;
    }

    /** {@code key=value key=value}, for a table cell. */
    static String params(Map<String, Object> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
