package io.berth.cli;

import io.berth.wire.AgentView;
import io.berth.wire.ServerStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Agents as {@code berth server status} (a table of all) and {@code berth agent status} (one) show them. */
public final class AgentSummaries {
    private AgentSummaries() {}

    /** One agent, a line per fact, indented under a heading. */
    public static List<String> lines(AgentView agent, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(line("state", state(agent, now)));
        lines.add(line("offers", offers(agent.capacity())));
        lines.add(line("labels", labels(agent.labels())));
        lines.add(line("docker", agent.dockerHost()));
        lines.add(line("version", agent.version()));
        lines.add(line("joined", agent.joinedAt().toString()));
        return lines;
    }

    /** Every agent, one row each, lined up under the headers; SLOTS is its jobs running now of its slots. */
    public static void printTable(List<AgentView> agents, Instant now, PrintWriter out) {
        Table table = new Table(List.of("AGENT", "STATE", "HEARTBEAT", "SLOTS", "CPUS", "MEMORY", "GPUS", "LABELS"));
        for (AgentView agent : agents) {
            ServerStatus.Amounts capacity = agent.capacity();
            table.add(List.of(agent.name(), agent.state(), Cells.age(Duration.between(agent.lastSeen(), now)) + " ago",
                    agent.running() + "/" + capacity.slots(), Quantities.cpus(capacity.cpus()),
                    Quantities.memory(capacity.memoryBytes()), gpus(capacity), labels(agent.labels())));
        }
        table.print(out);
    }

    private static String state(AgentView agent, Instant now) {
        return agent.state() + " (last heartbeat " + Cells.age(Duration.between(agent.lastSeen(), now)) + " ago)";
    }

    private static String offers(ServerStatus.Amounts capacity) {
        return capacity.slots() + " slots, " + Quantities.cpusCounted(capacity.cpus()) + ", "
                + Quantities.memory(capacity.memoryBytes()) + ", GPUs " + gpus(capacity);
    }

    private static String gpus(ServerStatus.Amounts capacity) {
        return capacity.gpus().isEmpty() ? "none" : String.join(",", capacity.gpus());
    }

    private static String labels(Map<String, String> labels) {
        return labels.isEmpty() ? "-" : labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(label -> label.getKey() + "=" + label.getValue()).collect(Collectors.joining(","));
    }

    private static String line(String key, String value) {
        return "  " + String.format("%-9s", key + ":") + value;
    }
}
