package io.berth.wire;

import java.util.List;

/**
 * GET /pages/queue: one page of the queue, in the order the server will consider the jobs.
 *
 * @param total  how many jobs are queued (of the project asked for) in all
 * @param offset how many of them come before the page's first
 */
public record QueuePage(List<QueueEntryView> entries, int total, int offset, int limit) {
    public QueuePage {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
