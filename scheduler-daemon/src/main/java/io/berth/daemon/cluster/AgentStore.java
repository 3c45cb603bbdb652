package io.berth.daemon.cluster;

import java.util.List;
import java.util.Optional;

/** Where the head keeps its agents, so that a restarted head still knows them. */
public interface AgentStore {
    Optional<AgentRecord> find(String name);

    void save(AgentRecord agent);

    /** Every agent ever joined and not forgotten, in name order. */
    List<AgentRecord> all();
}
