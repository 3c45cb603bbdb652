package io.berth.cli;

import io.berth.wire.JobView;
import java.util.List;

/**
 * {@code berth list}'s output written a page of jobs at a time, so that a listing of every job never holds
 * them all: a table whose columns the first page lays out, CSV, or one JSON array.
 */
interface JobListing {
    /** Prints these jobs after those printed before; the first call also prints what comes before the rows. */
    void print(List<JobView> jobs);

    /** Ends the output once every page was printed. */
    default void finish() {}

    static JobListing table(Terminal terminal) {
        return new JobListing() {
            private Table.Layout layout;

            @Override
            public void print(List<JobView> jobs) {
                if (layout == null) {
                    layout = ListCommand.table(jobs, false).printFitting(terminal);
                } else {
                    ListCommand.table(jobs, false).printRows(terminal.out(), layout);
                }
            }
        };
    }

    static JobListing csv(Terminal terminal) {
        return new JobListing() {
            private boolean started;

            @Override
            public void print(List<JobView> jobs) {
                if (started) {
                    ListCommand.table(jobs, true).printCsvRows(terminal.out());
                } else {
                    ListCommand.table(jobs, true).printCsv(terminal.out());
                    started = true;
                }
            }
        };
    }

    /** One JSON array, as {@code --json} printed it whole, written element by element. */
    static JobListing json(Terminal terminal) {
        JsonArrayOutput array = new JsonArrayOutput(terminal);
        return new JobListing() {
            @Override
            public void print(List<JobView> jobs) {
                array.print(jobs);
            }

            @Override
            public void finish() {
                array.finish();
            }
        };
    }
}
