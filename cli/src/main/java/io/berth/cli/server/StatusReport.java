package io.berth.cli.server;

import io.berth.cli.Quantities;
import io.berth.wire.ServerStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of {@code berth server status} under its first: capacity and use, the queue, the Docker engine,
 * Redis and data, lined up.
 */
final class StatusReport {
    private StatusReport() {}

    static List<String> lines(ServerStatus status) {
        List<String> lines = new ArrayList<>();
        ServerStatus.Amounts total = status.capacity();
        ServerStatus.Amounts used = status.inUse();
        if (total == null || used == null) { // a server from before capacity was reported
            lines.add(line("slots", status.running() + " of " + status.slots() + " in use"));
        } else {
            lines.add(line("slots", used.slots() + " of " + total.slots() + " in use"));
            lines.add(line("cpus", Quantities.cpus(used.cpus()) + " of " + Quantities.cpus(total.cpus()) + " in use"));
            lines.add(line("memory", Quantities.memory(used.memoryBytes()) + " of "
                    + Quantities.memory(total.memoryBytes()) + " in use"));
            lines.add(line("gpus", gpus(used.gpus(), total.gpus())));
        }
        lines.add(line("queued", Integer.toString(status.queued())));
        if (status.docker() != null) {
            lines.add(line("docker", status.docker().host()
                    + (status.docker().answering() ? "" : " (not answering: no job starts until it does)")));
        }
        lines.add(line("redis", status.redis()));
        lines.add(line("data", status.dataDir()));
        return lines;
    }

    /** "none" when the server has no GPUs, else "0,1 of 0,1,2,3 in use". */
    private static String gpus(List<String> used, List<String> total) {
        if (total.isEmpty()) {
            return "none";
        }
        return (used.isEmpty() ? "none" : String.join(",", used)) + " of " + String.join(",", total) + " in use";
    }

    private static String line(String key, String value) {
        return "  " + String.format("%-9s", key + ":") + value;
    }
}
