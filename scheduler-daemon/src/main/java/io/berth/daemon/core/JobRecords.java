package io.berth.daemon.core;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One job's record, read and changed by compare-and-set: all that running a job needs of the store. The head's
 * {@link JobStore} is one; an agent's is the head's, reached over HTTP and fenced by the job's attempt.
 */
public interface JobRecords {

    Optional<Job> find(String id);

    /**
     * Writes {@code next} if the stored job still has {@code current.version()}; queue membership follows
     * {@code next.state()}. Returns false, and changes nothing, if someone changed the job first.
     */
    boolean replace(Job current, Job next);

    /**
     * Applies {@code change} to the latest version of the job and writes it, starting over if someone
     * changed the job in between. {@code change} may throw to refuse.
     */
    default Job update(Job job, UnaryOperator<Job> change) {
        Job current = job;
        while (true) {
            Job next = change.apply(current);
            if (replace(current, next)) {
                return next;
            }
            String id = current.id();
            current = find(id).orElseThrow(() -> new JobNotFoundException(id));
        }
    }
}
