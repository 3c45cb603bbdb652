package io.berth.daemon.cluster;

import io.berth.daemon.core.Agents;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.admission.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work the head has for its agents: jobs claimed for each that it does not run yet, and containers to stop.
 * An agent takes its work with a long poll ({@link #take}), so a job reaches it as soon as it is claimed. A job
 * is offered at every poll until the agent lists it among those it runs (or it is no longer starting there), so an
 * answer lost on the way (a poll of an agent that died, held by the head until it ends) loses no job; an agent
 * ignores a job it already runs. Held in memory: a restarted head offers its agents' starting jobs again
 * ({@code Dispatcher.recover}).
 */
public final class AgentWork implements Agents {
    /** What one poll hands an agent: ids of jobs to run, ids of jobs whose containers to stop. */
    public record Batch(List<String> run, List<String> stop) {
        public boolean isEmpty() {
            return run.isEmpty() && stop.isEmpty();
        }
    }

    private final AgentRegistry registry;
    private final Map<String, Set<String>> runs = new HashMap<>();
    private final Map<String, Set<String>> stops = new HashMap<>();

    public AgentWork(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<Node> ready() {
        return registry.readyNodes();
    }

    @Override
    public synchronized void assign(Job claimed) {
        runs.computeIfAbsent(claimed.node(), agent -> new LinkedHashSet<>()).add(claimed.id());
        notifyAll();
    }

    @Override
    public synchronized void stop(Job job) {
        stops.computeIfAbsent(job.node(), agent -> new LinkedHashSet<>()).add(job.id());
        notifyAll();
    }

    /**
     * The agent's work, waiting up to {@code wait} for some: the jobs offered to it that it does not list among
     * those it {@code running} (those it lists are no longer offered), and the stops not yet handed over.
     */
    public synchronized Batch take(String agent, Set<String> running, Duration wait) throws InterruptedException {
        Set<String> offered = runs.get(agent);
        if (offered != null) {
            offered.removeAll(running);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (isEmpty(runs, agent) && isEmpty(stops, agent)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Batch(List.of(), List.of());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        Set<String> toRun = runs.get(agent);
        return new Batch(toRun == null ? List.of() : new ArrayList<>(toRun), drain(stops, agent));
    }

    /** No longer offers the job to the agent: it is not starting there any more. */
    public synchronized void withdraw(String agent, String jobId) {
        Set<String> offered = runs.get(agent);
        if (offered != null) {
            offered.remove(jobId);
        }
    }

    private static boolean isEmpty(Map<String, Set<String>> work, String agent) {
        Set<String> ids = work.get(agent);
        return ids == null || ids.isEmpty();
    }

    private static List<String> drain(Map<String, Set<String>> work, String agent) {
        Set<String> ids = work.remove(agent);
        return ids == null ? List.of() : new ArrayList<>(ids);
    }
}
