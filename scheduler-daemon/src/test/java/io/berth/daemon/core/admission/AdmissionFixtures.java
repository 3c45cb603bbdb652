package io.berth.daemon.core.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for the admission policy's inputs in tests. */
final class AdmissionFixtures {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration BOUND = Duration.ofMinutes(10);
    static final long GIB = 1L << 30;

    private AdmissionFixtures() {}

    /** A job that asks for nothing, priority 0, queued a minute ago (well inside the bound). */
    static QueuedJobBuilder aQueuedJob(String id) {
        return new QueuedJobBuilder(id);
    }

    static RunningJob aRunningJob(String id, Resources request, String... gpuIds) {
        return new RunningJob(id, request, List.of(gpuIds));
    }

    static Capacity capacity(int slots, long milliCpus, long memoryBytes, String... gpuIds) {
        return new Capacity(slots, milliCpus, memoryBytes, List.of(gpuIds));
    }

    /** Plenty of everything but GPUs. */
    static Capacity slotsAndGpus(int slots, String... gpuIds) {
        return capacity(slots, 64_000, 256 * GIB, gpuIds);
    }

    static Node node(String name, Capacity capacity, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new Node(name, capacity, map);
    }

    /** The queue in the orders the dispatcher keeps in memory (stable sorts keep queue order within a key). */
    static QueueOrders inOrders(List<QueuedJob> queue) {
        List<QueuedJob> byPriority = queue.stream()
                .sorted(Comparator.comparingInt(QueuedJob::priority).reversed()).toList();
        List<QueuedJob> byAge = queue.stream().sorted(Comparator.comparing(QueuedJob::queuedAt)).toList();
        return new QueueOrders() {
            @Override
            public Iterable<QueuedJob> byPriority() {
                return byPriority;
            }

            @Override
            public Iterable<QueuedJob> byAge() {
                return byAge;
            }
        };
    }

    static Resources gpus(int n) {
        return new Resources(0, 0, n);
    }

    static final class QueuedJobBuilder {
        private final String id;
        private int priority;
        private Duration waited = Duration.ofMinutes(1);
        private Resources request = Resources.NONE;
        private Map<String, String> constraints = Map.of();

        private QueuedJobBuilder(String id) {
            this.id = id;
        }

        QueuedJobBuilder priority(int priority) {
            this.priority = priority;
            return this;
        }

        QueuedJobBuilder waited(Duration waited) {
            this.waited = waited;
            return this;
        }

        QueuedJobBuilder starved() {
            return waited(BOUND.plusMinutes(5));
        }

        QueuedJobBuilder asking(Resources request) {
            this.request = request;
            return this;
        }

        QueuedJobBuilder gpus(int gpus) {
            return asking(new Resources(request.milliCpus(), request.memoryBytes(), gpus));
        }

        QueuedJobBuilder milliCpus(long milliCpus) {
            return asking(new Resources(milliCpus, request.memoryBytes(), request.gpus()));
        }

        QueuedJobBuilder memory(long bytes) {
            return asking(new Resources(request.milliCpus(), bytes, request.gpus()));
        }

        QueuedJobBuilder constraints(Map<String, String> constraints) {
            this.constraints = constraints;
            return this;
        }

        QueuedJob build() {
            return new QueuedJob(id, priority, NOW.minus(waited), request, constraints);
        }
    }
}
