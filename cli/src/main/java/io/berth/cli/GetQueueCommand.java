package io.berth.cli;

import io.berth.sdk.BerthClient;
import io.berth.wire.JobView;
import io.berth.wire.QueueEntryView;
import io.berth.wire.QueuePage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "queue", mixinStandardHelpOptions = true, description = {"List the queued jobs in the order the server "
        + "will consider them (highest priority first), each with why it waits: the next 50, or --limit, or --all.",
        "How many jobs were left out is said on stderr."})
final class GetQueueCommand implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 50;
    /** Entries read per request for --limit, and printed per table with --all. */
    static final int PAGE = 500;

    @Mixin
    EnvOption env;

    @Option(names = "--project", paramLabel = "<name>", description = "Only this project's queued jobs (they keep "
            + "their place in the whole queue).")
    String project;

    @Option(names = "--json", description = "Print the entries (place, job, reason, heldFor) as a JSON array, for scripts.")
    boolean json;

    @ArgGroup(exclusive = true)
    HowMany howMany = new HowMany();

    static final class HowMany {
        @Option(names = "--limit", paramLabel = "<n>", description = "Show the next n jobs (default: " + DEFAULT_LIMIT
                + ").")
        Integer limit;

        @Option(names = "--all", description = "Show every queued job, in one order the server fixes when asked, "
                + "printed as it comes (the table's columns are laid out by the first " + PAGE + ").")
        boolean all;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int limit = howMany.limit == null ? DEFAULT_LIMIT : howMany.limit;
        if (limit < 1) {
            throw new UserError(ExitCodes.USAGE, "--limit: " + limit + " is not a number of jobs (1 or more)");
        }
        Terminal terminal = new Terminal(spec);
        BerthClient client = env.client();
        Output output = json ? new JsonOutput(terminal) : new TableOutput(terminal);
        if (howMany.all) {
            List<QueueEntryView> page = new ArrayList<>();
            int[] count = {0};
            client.eachQueued(project, entry -> {
                page.add(entry);
                count[0]++;
                if (page.size() == PAGE) {
                    output.print(page);
                    page.clear();
                }
            });
            output.print(page);
            output.finish(count[0] == 0 ? empty() : null);
            return ExitCodes.OK;
        }
        QueuePage first = client.queuePage(project, 0, Math.min(limit, PAGE));
        List<QueueEntryView> shown = new ArrayList<>(first.entries());
        while (shown.size() < limit && shown.size() < first.total()) {
            QueuePage next = client.queuePage(project, shown.size(), Math.min(limit - shown.size(), PAGE));
            if (next.entries().isEmpty()) {
                break; // jobs started meanwhile
            }
            shown.addAll(next.entries());
        }
        output.print(shown);
        output.finish(shown.isEmpty() ? empty() : null);
        if (first.total() > shown.size()) {
            terminal.note("(the next " + shown.size() + " of " + first.total() + " queued jobs; --limit <n> shows"
                    + " more, --all every one)");
        }
        return ExitCodes.OK;
    }

    private String empty() {
        return project == null ? "The queue is empty." : "No job of project '" + project + "' is queued.";
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

    /** The entries written a page at a time: a table whose columns the first page lays out, or one JSON array. */
    private interface Output {
        void print(List<QueueEntryView> entries);

        /** @param emptyNote what to say if nothing was printed (null when something was) */
        void finish(String emptyNote);
    }

    private static final class TableOutput implements Output {
        private final Terminal terminal;
        private final Instant now = Instant.now();
        private Table.Layout layout;

        TableOutput(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void print(List<QueueEntryView> entries) {
            if (entries.isEmpty()) {
                return;
            }
            if (layout == null) {
                layout = table(entries, now).printAll(terminal.out());
            } else {
                table(entries, now).printRows(terminal.out(), layout);
            }
        }

        @Override
        public void finish(String emptyNote) {
            if (emptyNote != null) {
                terminal.say(emptyNote);
            }
            terminal.out().flush();
        }
    }

    private static final class JsonOutput implements Output {
        private final JsonArrayOutput array;

        JsonOutput(Terminal terminal) {
            array = new JsonArrayOutput(terminal);
        }

        @Override
        public void print(List<QueueEntryView> entries) {
            array.print(entries);
        }

        @Override
        public void finish(String emptyNote) {
            array.finish();
        }
    }
}
