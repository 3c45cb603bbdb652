package io.berth.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.daemon.core.admission.Capacity;
import io.berth.daemon.core.admission.Node;
import io.berth.wire.AgentLease;
import io.berth.wire.AgentReport;
import io.berth.wire.AgentView;
import io.berth.wire.ServerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final AgentReport REPORT = new AgentReport("1.0", "unix:///var/run/docker.sock",
            new ServerStatus.Amounts(4, 8.0, 16L << 30, List.of("0", "1")), Map.of("gpu_model", "a100"));

    private final InMemoryAgents store = new InMemoryAgents();
    private Instant now = T0;
    private final AgentRegistry registry = new AgentRegistry(store, Duration.ofSeconds(30), new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    @Test
    void anAgentIsReadyWhileItsLeaseRunsAndLostOnceItRunsOut() {
        AgentLease lease = registry.beat("gpu-1", REPORT);

        assertThat(lease.leaseSeconds()).isEqualTo(30);
        assertThat(lease.expiresAt()).isEqualTo(T0.plusSeconds(30));
        now = T0.plusSeconds(29);
        assertThat(registry.agents()).extracting(AgentView::state).containsExactly(AgentView.READY);
        now = T0.plusSeconds(30);
        assertThat(registry.agents()).extracting(AgentView::state).containsExactly(AgentView.LOST);
    }

    @Test
    void readyAgentsAreTheNodesJobsArePlacedOnWithWhatTheyOfferAndTheirLabels() {
        registry.beat("gpu-2", REPORT);
        now = T0.plusSeconds(20);
        registry.beat("gpu-1", REPORT);
        now = T0.plusSeconds(40);

        assertThat(registry.readyNodes()).extracting(Node::name).as("gpu-2 is lost").containsExactly("gpu-1");
        Node node = registry.readyNodes().get(0);
        assertThat(node.capacity()).isEqualTo(new Capacity(4, 8000, 16L << 30, List.of("0", "1")));
        assertThat(node.labels()).isEqualTo(Map.of("gpu_model", "a100"));
    }

    @Test
    void noAgentMayTakeTheNameOfTheHeadsOwnEngineNorRepeatAGpu() {
        assertThatThrownBy(() -> registry.beat(Node.LOCAL, REPORT)).isInstanceOf(InvalidAgentException.class)
                .hasMessageContaining("the head's own engine");
        assertThatThrownBy(() -> registry.beat("gpu-3", new AgentReport("1.0", "unix:///d.sock",
                new ServerStatus.Amounts(4, 8.0, 16L << 30, List.of("0", "0")), Map.of())))
                .isInstanceOf(InvalidAgentException.class).hasMessageContaining("GPU ids repeat");
        assertThat(registry.readyNodes()).isEmpty();
    }

    @Test
    void aLaterHeartbeatRenewsTheLeaseAndKeepsWhenTheAgentJoined() {
        registry.beat("gpu-1", REPORT);
        now = T0.plusSeconds(100);
        assertThat(registry.agents()).extracting(AgentView::state).containsExactly(AgentView.LOST);

        registry.beat("gpu-1", REPORT);

        AgentView agent = registry.agents().get(0);
        assertThat(agent.state()).isEqualTo(AgentView.READY);
        assertThat(agent.joinedAt()).isEqualTo(T0);
        assertThat(agent.lastSeen()).isEqualTo(T0.plusSeconds(100));
        assertThat(agent.capacity().gpus()).containsExactly("0", "1");
        assertThat(agent.labels()).containsEntry("gpu_model", "a100");
    }

    @Test
    void agentsAreListedByName() {
        registry.beat("b-box", REPORT);
        registry.beat("a-box", REPORT);

        assertThat(registry.agents()).extracting(AgentView::name).containsExactly("a-box", "b-box");
    }

    @Test
    void aBadNameOrReportIsRefusedNamingTheAgentAndNothingIsRecorded() {
        assertThatThrownBy(() -> registry.beat("GPU 1", REPORT)).isInstanceOf(InvalidAgentException.class)
                .hasMessageContaining("agent name 'GPU 1'");
        assertThatThrownBy(() -> registry.beat("gpu-1", new AgentReport("1.0", null, null, Map.of())))
                .hasMessageContaining("agent gpu-1").hasMessageContaining("no capacity");
        assertThatThrownBy(() -> registry.beat("gpu-1", new AgentReport("1.0", null,
                new ServerStatus.Amounts(0, 1.0, 1L << 30, List.of()), Map.of())))
                .hasMessageContaining("at least 1 slot");
        assertThatThrownBy(() -> registry.beat("gpu-1", new AgentReport("1.0", null, REPORT.capacity(),
                Map.of("bad key", "x")))).hasMessageContaining("label 'bad key'");

        assertThat(registry.agents()).isEmpty();
    }

    /** The store as a map: what the registry keeps is what it reads back. */
    private static final class InMemoryAgents implements AgentStore {
        private final Map<String, AgentRecord> agents = new TreeMap<>();

        @Override
        public Optional<AgentRecord> find(String name) {
            return Optional.ofNullable(agents.get(name));
        }

        @Override
        public void save(AgentRecord agent) {
            agents.put(agent.name(), agent);
        }

        @Override
        public List<AgentRecord> all() {
            return List.copyOf(agents.values());
        }
    }
}
