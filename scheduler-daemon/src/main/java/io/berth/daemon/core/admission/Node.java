package io.berth.daemon.core.admission;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A machine jobs run on, as admission sees it: the head's own Docker engine ({@link #LOCAL}) or an agent's,
 * with what it offers and the labels that jobs' constraints are matched against.
 */
public record Node(String name, Capacity capacity, Map<String, String> labels) {
    /** The head's own engine. */
    public static final String LOCAL = "local";

    public Node {
        Require.id(name, "name");
        Objects.requireNonNull(capacity, "capacity");
        labels = Map.copyOf(labels);
    }

    /** The head's own engine, without labels. */
    public static Node local(Capacity capacity) {
        return new Node(LOCAL, capacity, Map.of());
    }

    /** Whether it has every label {@code constraints} names, with the same value; no constraints: any node. */
    public boolean satisfies(Map<String, String> constraints) {
        return labels.entrySet().containsAll(constraints.entrySet());
    }

    /** {@code gpu_model=a100, zone=b}: labels or constraints as people write them, sorted by key. */
    public static String describe(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
