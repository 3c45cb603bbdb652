package io.berth.daemon.cluster;

import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobEvent;
import java.util.List;

/** The bodies agents and the head exchange about the jobs agents run (docs/cluster.md), as JSON. */
public final class AgentProtocol {
    private AgentProtocol() {}

    /** The jobs an agent runs now, sent with each poll for work. */
    public record Running(List<String> jobIds) {
        public Running {
            jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
        }
    }

    /** What a poll hands an agent: jobs to run (their records as the head has them) and ids of jobs to stop. */
    public record WorkOrder(List<Job> run, List<String> stop) {
        public WorkOrder {
            run = run == null ? List.of() : List.copyOf(run);
            stop = stop == null ? List.of() : List.copyOf(stop);
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
