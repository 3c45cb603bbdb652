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
 * The work the head has for its agents: jobs claimed for each and not yet taken, and containers to stop. An agent
 * takes its work with a long poll ({@link #take}), so a job reaches it as soon as it is claimed. Held in memory: a
 * restarted head offers its agents' starting jobs again ({@code Dispatcher.recover}), and an agent ignores a job
 * it already runs.
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

    /** The agent's work, waiting up to {@code wait} for some; empty if none came. */
    public synchronized Batch take(String agent, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (isEmpty(runs, agent) && isEmpty(stops, agent)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Batch(List.of(), List.of());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return new Batch(drain(runs, agent), drain(stops, agent));
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
