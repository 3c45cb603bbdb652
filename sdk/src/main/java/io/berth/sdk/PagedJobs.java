package io.berth.sdk;

import io.berth.wire.JobPage;
import io.berth.wire.JobView;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** The jobs of a query page after page, each page fetched when the one before has been read. */
final class PagedJobs implements Iterator<JobView> {
    private final Function<JobPageQuery, JobPage> fetch;
    private JobPageQuery next;
    private Iterator<JobView> page = Collections.emptyIterator();
    private boolean last;

    PagedJobs(JobPageQuery first, Function<JobPageQuery, JobPage> fetch) {
        this.next = first;
        this.fetch = fetch;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && !last) {
            JobPage fetched = fetch.apply(next);
            page = fetched.jobs().iterator();
            last = fetched.jobs().size() < next.limit() || next.offset() + next.limit() >= fetched.total();
            next = next.at(next.offset() + next.limit());
        }
        return page.hasNext();
    }

    @Override
    public JobView next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next();
    }
}
