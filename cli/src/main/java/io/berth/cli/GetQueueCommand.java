package io.berth.cli;

import io.berth.wire.JobView;
import io.berth.wire.QueueEntryView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "queue", mixinStandardHelpOptions = true, description = "List the queued jobs in the order the server "
        + "will consider them (highest priority first), each with why it waits.")
final class GetQueueCommand implements Callable<Integer> {
    @Mixin
    EnvOption env;

    @Option(names = "--project", paramLabel = "<name>", description = "Only this project's queued jobs (they keep "
            + "their place in the whole queue).")
    String project;

    @Option(names = "--json", description = "Print the entries (place, job, reason, heldFor) as a JSON array, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<QueueEntryView> entries = env.client().queue(project);
        Terminal terminal = new Terminal(spec);
        if (json) {
            terminal.json(entries);
        } else if (entries.isEmpty()) {
            terminal.say(project == null ? "The queue is empty." : "No job of project '" + project + "' is queued.");
        } else {
            table(entries, Instant.now()).print(terminal.out());
        }
        return ExitCodes.OK;
    }

    static Table table(List<QueueEntryView> entries, Instant now) {
        Table table = new Table(List.of("PLACE", "ID", "PROJECT", "PRIORITY", "NEEDS", "WAITING", "REASON"), 0, 0, 24);
        for (QueueEntryView entry : entries) {
            JobView job = entry.job();
            table.add(List.of(Integer.toString(entry.place()), job.id(), job.project(),
                    Integer.toString(job.requests().priorityOrDefault()), Cells.needs(job.requests()),
                    Cells.age(Duration.between(job.createdAt(), now)), entry.reason()));
        }
        return table;
    }
}
