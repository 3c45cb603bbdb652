package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.JobRequests;
import io.berth.wire.JobView;
import io.berth.wire.QueueEntryView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of {@code berth get queue}, and the usage errors of the queue commands; no server here. */
class GetQueueCommandTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void theTableShowsPlaceIdProjectPriorityNeedsWaitingAndReasonLinedUp() {
        List<QueueEntryView> entries = List.of(
                new QueueEntryView(1, aQueuedJob("01aaaaaaaaaaaaaa", "mnist", NOW.minusSeconds(12),
                        JobRequests.none().withPriority(5).withNumGpus(2).withCpus(1.5).withMemoryBytes(8L << 30)),
                        "needs 2 GPUs, 1 free", null),
                new QueueEntryView(2, aQueuedJob("01bbbbbbbbbbbbbb", "a-longer-project", NOW.minusSeconds(4 * 60 + 5),
                        JobRequests.none()), "held for job 01cccccccccccccc", "01cccccccccccccc"));

        List<String> lines = print(GetQueueCommand.table(entries, NOW));

        assertThat(lines).containsExactly(
                "PLACE  ID                PROJECT           PRIORITY  NEEDS                 WAITING  REASON",
                "1      01aaaaaaaaaaaaaa  mnist             5         2 GPUs, 1.5 CPUs, 8g  12s      needs 2 GPUs, 1 free",
                "2      01bbbbbbbbbbbbbb  a-longer-project  0         -                     4m       held for job 01cccccccccccccc");
    }

    @Test
    void queueMoveNeedsExactlyOneOfToFrontAndBefore() {
        CliRun neither = CliRun.berth("queue", "move", "scheduler", "01aa");
        CliRun both = CliRun.berth("queue", "move", "scheduler", "01aa", "--to-front", "--before", "01bb");

        assertThat(neither.exitCode()).as(neither.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("--to-front", "--before");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void clearQueueAllWithAProjectOrSweepIsAUsageError() {
        for (String other : List.of("--project", "--sweep")) {
            CliRun clear = CliRun.berth("clear-queue", "scheduler", "--all", other, "x");

            assertThat(clear.exitCode()).as(clear.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(clear.err().strip()).as(clear.toString())
                    .isEqualTo("berth: --all clears every queued job; give it without --project and --sweep\n"
                            + "see 'berth clear-queue --help'");
        }
    }

    private static JobView aQueuedJob(String id, String project, Instant created, JobRequests requests) {
        return JobView.builder(id).project(project).state("queued").command(List.of("main.py"))
                .times(created, null, null).requests(requests).build();
    }

    private static List<String> print(Table table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString().lines().toList();
    }
}
