package io.berth.daemon.cluster;

import static java.util.Comparator.comparing;

import io.berth.config.AgentConfig;
import io.berth.daemon.core.admission.Capacity;
import io.berth.daemon.core.admission.Node;
import io.berth.wire.AgentLease;
import io.berth.wire.AgentReport;
import io.berth.wire.AgentView;
import io.berth.wire.Labels;
import io.berth.wire.ServerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * The agents that have joined this head, and whether each is alive: an agent is ready while the lease of
 * its last heartbeat runs, lost once it has run out (killed, cut off, or its machine down).
 */
public final class AgentRegistry {
    private final AgentStore store;
    private final Duration lease;
    private final Clock clock;
    /**
     * The store's agents, as this head last wrote or read them: every beat comes through here, so the dispatcher's
     * look at who is ready, at each decision, reads no Redis.
     */
    private final Map<String, AgentRecord> known = new ConcurrentHashMap<>();
    /** How many jobs each agent is running, as the dispatcher counts them. */
    private volatile ToIntFunction<String> runningOn = agent -> 0;

    public AgentRegistry(AgentStore store, Duration lease, Clock clock) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("an agent lease must be longer than 0s, got " + lease);
        }
        this.store = store;
        this.lease = lease;
        this.clock = clock;
        store.all().forEach(agent -> known.put(agent.name(), agent));
    }

    /**
     * Notes a heartbeat of the named agent, which joins with its first.
     *
     * @throws InvalidAgentException naming what is wrong with the name or report; nothing is recorded
     */
    public AgentLease beat(String name, AgentReport report) {
        check(name, report);
        Instant now = clock.instant();
        Instant joinedAt = store.find(name).map(AgentRecord::joinedAt).orElse(now);
        AgentRecord record = new AgentRecord(name, report, joinedAt, now);
        store.save(record);
        known.put(name, record);
        return new AgentLease(name, lease.toSeconds(), now.plus(lease));
    }

    /** Every agent, ready or lost, in name order. */
    public List<AgentView> agents() {
        Instant now = clock.instant();
        return store.all().stream().map(agent -> view(agent, now)).toList();
    }

    /** The agents whose lease runs now, as nodes jobs can be placed on, in name order. */
    public List<Node> readyNodes() {
        Instant now = clock.instant();
        return known.values().stream().filter(agent -> alive(agent, now)).sorted(comparing(AgentRecord::name))
                .map(AgentRegistry::node).toList();
    }

    /** Where the views of agents get how many jobs each runs: the dispatcher, once there is one. */
    public void countRunningWith(ToIntFunction<String> counter) {
        this.runningOn = counter;
    }

    /** How long an agent counts as ready after its last heartbeat. */
    public Duration lease() {
        return lease;
    }

    private boolean alive(AgentRecord agent, Instant now) {
        return agent.lastSeen().plus(lease).isAfter(now);
    }

    private static Node node(AgentRecord agent) {
        ServerStatus.Amounts offered = agent.report().capacity();
        return new Node(agent.name(), new Capacity(offered.slots(), Math.round(offered.cpus() * 1000),
                offered.memoryBytes(), offered.gpus()), agent.report().labels());
    }

    /**
     * The named agent, ready or lost.
     *
     * @throws AgentNotFoundException if no agent of that name ever joined
     */
    public AgentView agent(String name) {
        AgentRecord agent = store.find(name).orElseThrow(() -> new AgentNotFoundException(name));
        return view(agent, clock.instant());
    }

    private AgentView view(AgentRecord agent, Instant now) {
        AgentReport report = agent.report();
        boolean alive = alive(agent, now);
        return new AgentView(agent.name(), alive ? AgentView.READY : AgentView.LOST, agent.joinedAt(),
                agent.lastSeen(), report.version(), report.dockerHost(), report.capacity(), report.labels(),
                runningOn.applyAsInt(agent.name()));
    }

    private static void check(String name, AgentReport report) {
        if (!AgentConfig.isName(name)) {
            throw new InvalidAgentException("agent name '" + name + "': expected lower-case letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit, at most 63 characters (name: in agent.yaml)");
        }
        if (name.equals(Node.LOCAL)) {
            throw new InvalidAgentException("agent name '" + Node.LOCAL + "' is the head's own engine's; give the"
                    + " agent another (name: in agent.yaml)");
        }
        ServerStatus.Amounts capacity = report == null ? null : report.capacity();
        if (capacity == null) {
            throw new InvalidAgentException("agent " + name + ": its report has no capacity");
        }
        if (capacity.slots() < 1 || !(capacity.cpus() > 0) || capacity.memoryBytes() < 1) {
            throw new InvalidAgentException("agent " + name + ": its capacity must have at least 1 slot, more than 0"
                    + " CPUs and some memory, got " + capacity.slots() + " slots, " + capacity.cpus() + " CPUs, "
                    + capacity.memoryBytes() + " bytes");
        }
        if (capacity.gpus().stream().distinct().count() < capacity.gpus().size()) {
            throw new InvalidAgentException("agent " + name + ": its GPU ids repeat: " + capacity.gpus());
        }
        String badLabel = Labels.whyNot(report.labels());
        if (badLabel != null) {
            throw new InvalidAgentException("agent " + name + ": label " + badLabel);
        }
    }
}
