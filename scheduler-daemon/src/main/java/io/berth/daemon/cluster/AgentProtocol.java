package io.berth.daemon.cluster;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobEvent;
import java.util.List;

/** The bodies agents and the head exchange about the jobs agents run (docs/cluster.md), as JSON. */
public final class AgentProtocol {
    private AgentProtocol() {}

    /** The jobs an agent runs now, each in its attempt, sent with each poll for work. */
    public record Running(List<Attempt> jobs) {
        public Running {
            jobs = jobs == null ? List.of() : List.copyOf(jobs);
        }
    }

    /** One job an agent runs, in the attempt it runs it in. */
    public record Attempt(String jobId, int attempt) {}

    /**
     * What a poll hands an agent: jobs to run (their records as the head has them), ids of jobs to stop, and ids of
     * jobs it listed as running that are no longer its own in that attempt (the head gave them back to the queue, or
     * to another agent, while it could not reach this one): their containers go, and nothing of them is reported.
     */
    public record WorkOrder(List<Job> run, List<String> stop, List<String> takenBack) {
        public WorkOrder {
            run = run == null ? List.of() : List.copyOf(run);
            stop = stop == null ? List.of() : List.copyOf(stop);
            takenBack = takenBack == null ? List.of() : List.copyOf(takenBack);
        }
    }

    /** Events read from a job's events file between two offsets, to store as one batch. */
    public record Append(long fromOffset, long toOffset, List<JobEvent> events) {
        public Append {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    public record Offset(long offset) {}

    public record Stored(boolean stored) {}
}
