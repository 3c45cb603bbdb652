package io.berth.daemon.core.admission;

import java.util.List;

/**
 * What to do with the queue now.
 *
 * @param admit    the jobs to start, in the order to start them
 * @param waiting  the jobs that stay queued, in the order they are considered (what {@code berth get queue} shows)
 * @param rejected the jobs that can never run here
 */
public record AdmissionPlan(List<Admission> admit, List<Waiting> waiting, List<Rejection> rejected) {

    public AdmissionPlan {
        admit = List.copyOf(admit);
        waiting = List.copyOf(waiting);
        rejected = List.copyOf(rejected);
    }
}
