package io.berth.daemon.cluster;

import io.berth.daemon.core.Dispatcher;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobRecords;
import io.berth.daemon.core.ResultsSink;
import io.berth.daemon.core.admission.Node;
import io.berth.daemon.core.admission.RunningJob;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the jobs of an agent whose lease ran out back to the queue, the attempt not counted against
 * {@code max_attempts} (as one the engine lost): losing the machine is not the job's fault; a job asked to stop is
 * stopped instead. What the agent reports of them later is refused ({@link AgentJobs} fences by attempt and
 * node), and it stops their containers when it hears so. A head that was itself down gives its agents one lease
 * from its start to beat again before it counts any lost.
 */
public final class LostAgentJobs implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LostAgentJobs.class);

    private final Dispatcher dispatcher;
    private final AgentRegistry agents;
    private final JobRecords store;
    private final ResultsSink results;
    private final Clock clock;
    private final Instant headStarted;

    public LostAgentJobs(Dispatcher dispatcher, AgentRegistry agents, JobRecords store, ResultsSink results,
                         Clock clock) {
        this.dispatcher = dispatcher;
        this.agents = agents;
        this.store = store;
        this.results = results;
        this.clock = clock;
        this.headStarted = clock.instant();
    }

    @Override
    public void run() {
        try {
            requeueJobsOfLostAgents();
        } catch (RuntimeException e) {
            LOG.warn("could not look for jobs of lost agents (trying again): {}", e.getMessage());
        }
    }

    void requeueJobsOfLostAgents() {
        if (clock.instant().isBefore(headStarted.plus(agents.lease()))) {
            return;
        }
        Set<String> ready = agents.readyNodes().stream().map(Node::name).collect(Collectors.toSet());
        for (RunningJob running : dispatcher.active()) {
            String agent = running.node();
            if (agent.equals(Node.LOCAL) || ready.contains(agent)) {
                continue;
            }
            Job job = store.find(running.jobId()).orElse(null);
            if (job == null || !agent.equals(job.node()) || !job.state().isActive()) {
                dispatcher.released(running.jobId()); // ended or moved on meanwhile
                continue;
            }
            String why = "agent " + agent + " was lost (no heartbeat for " + agents.lease().toSeconds() + " s)";
            // lost to the machine, as to an engine: back to the queue, the attempt not counted (a new attempt
            // number, so the next attempt's log is its own)
            Job next = job.stopRequested() ? job.stopped(why, clock.instant()) : job.lostToEngine(why);
            if (store.replace(job, next)) {
                results.delete(job.id());
                LOG.warn("job {}: {}: {} during attempt {}", job.id(), next.state().wireName(), why, job.attempt());
                dispatcher.released(job.id());
            }
        }
    }
}
