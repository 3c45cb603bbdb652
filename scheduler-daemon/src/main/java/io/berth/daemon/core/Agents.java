package io.berth.daemon.core;

import io.berth.daemon.core.admission.Node;
import java.util.List;

/**
 * What the dispatcher needs of the agents (docs/cluster.md): which are ready, as nodes to place jobs on, and a way
 * to hand each its jobs and its stops. The agents run the jobs and write their records back, fenced by attempt.
 */
public interface Agents {

    /** The agents whose lease runs now, with what they offer and their labels. */
    List<Node> ready();

    /** Hands a job claimed for its {@link Job#node() agent} to that agent. */
    void assign(Job claimed);

    /** Tells the job's agent to stop its container; the agent then records the job as stopped. */
    void stop(Job job);

    /** No agents: every job runs on the head's own engine. */
    Agents NONE = new Agents() {
        @Override
        public List<Node> ready() {
            return List.of();
        }

        @Override
        public void assign(Job claimed) {
            throw new IllegalStateException("no agent to assign job " + claimed.id() + " to");
        }

        @Override
        public void stop(Job job) {
            // no agent runs it
        }
    };
}
