package io.berth.daemon.core.admission;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Argument checks shared by the admission records. */
final class Require {
    private Require() {}

    static void nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }

    static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    static String id(String id, String name) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return id;
    }

    /** A copy of the ids, after checking that none is blank and none repeats. */
    static List<String> distinctIds(List<String> ids, String name) {
        Objects.requireNonNull(ids, name);
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id(id, name + " entry"))) {
                throw new IllegalArgumentException(name + " lists " + id + " twice");
            }
        }
        return List.copyOf(ids);
    }
}
