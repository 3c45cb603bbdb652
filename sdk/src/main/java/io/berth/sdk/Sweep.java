package io.berth.sdk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;

/**
 * The parameter sets of a sweep, one job each, in the order the jobs are queued. Each set is merged over
 * the base request's params (the set wins). Made whole and checked when created: a bad sweep fails here,
 * before anything is bundled or sent.
 *
 * <p>Key order: a {@link LinkedHashMap} or {@link SortedMap} keeps its own; any other map (such as
 * {@code Map.of}, whose order changes from run to run) is taken in alphabetical order, so that the same
 * arguments always give the same sets in the same order.
 */
public final class Sweep {
    /** The most jobs one sweep may have (the server's limit). */
    public static final int MAX_JOBS = 100_000;

    private final List<Map<String, Object>> paramSets;

    private Sweep(List<Map<String, Object>> paramSets) {
        this.paramSets = Collections.unmodifiableList(paramSets);
    }

    /**
     * Every combination of the values: the cartesian product, with the first key varying slowest.
     * {@code grid({lr: [0.1, 0.01], batch: [32, 64]})} gives {@code {lr=0.1, batch=32}, {lr=0.1, batch=64},
     * {lr=0.01, batch=32}, {lr=0.01, batch=64}}.
     */
    public static Sweep grid(Map<String, ? extends List<?>> values) {
        List<String> keys = keys("grid", values);
        long size = 1;
        for (String key : keys) {
            List<?> options = values.get(key);
            if (options == null || options.isEmpty()) {
                throw new IllegalArgumentException("grid: '" + key + "' has no values");
            }
            size *= options.size();
            if (size > MAX_JOBS) {
                throw new IllegalArgumentException("grid: the combinations of " + keys + " are more than "
                        + MAX_JOBS + ", the most one sweep may have");
            }
        }
        List<Map<String, Object>> sets = new ArrayList<>();
        for (int index = 0; index < size; index++) {
            Map<String, Object> set = new LinkedHashMap<>();
            int rest = index;
            for (int k = keys.size() - 1; k >= 0; k--) { // the last key varies fastest
                List<?> options = values.get(keys.get(k));
                set.put(keys.get(k), options.get(rest % options.size()));
                rest /= options.size();
            }
            sets.add(inKeyOrder(set, keys));
        }
        return new Sweep(sets);
    }

    /**
     * {@code n} sets drawn from the distributions. Each key draws from a {@link Random} of its own, seeded
     * from {@code seed} and the key's name, so a key's values depend only on the seed, its name, its
     * distribution and {@code n}: not on the order of the keys nor on which other keys are swept. The same
     * seed and arguments give the same sets, and a larger {@code n} begins with the sets of a smaller one.
     */
    public static Sweep random(int n, long seed, Map<String, ? extends Distribution> distributions) {
        if (n < 1 || n > MAX_JOBS) {
            throw new IllegalArgumentException("random: n must be 1 to " + MAX_JOBS + ", got " + n);
        }
        List<String> keys = keys("random", distributions);
        for (String key : keys) {
            Distribution distribution = distributions.get(key);
            if (distribution == null) {
                throw new IllegalArgumentException("random: '" + key + "' has no distribution");
            }
            distribution.check(key);
        }
        Map<String, Random> streams = new LinkedHashMap<>();
        keys.forEach(key -> streams.put(key, stream(seed, key)));
        List<Map<String, Object>> sets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> set = new LinkedHashMap<>();
            for (String key : keys) {
                set.put(key, distributions.get(key).sample(streams.get(key)));
            }
            sets.add(Collections.unmodifiableMap(set));
        }
        return new Sweep(sets);
    }

    /** The key's own stream: an FNV-1a hash of its name over the seed, mixed as SplitMix64 mixes. */
    private static Random stream(long seed, String key) {
        long h = seed;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return new Random(h ^ (h >>> 31));
    }

    /** These sets, in this order; each may be empty (the base request's params alone). */
    public static Sweep of(List<? extends Map<String, ?>> sets) {
        if (sets == null || sets.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one parameter set");
        }
        if (sets.size() > MAX_JOBS) {
            throw new IllegalArgumentException("a sweep may have at most " + MAX_JOBS + " parameter sets, got "
                    + sets.size());
        }
        List<Map<String, Object>> copies = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            Map<String, ?> set = sets.get(i);
            if (set == null) {
                throw new IllegalArgumentException("parameter set " + (i + 1) + " of the sweep is null");
            }
            copies.add(inKeyOrder(set, keys(null, set, i + 1)));
        }
        return new Sweep(copies);
    }

    /** The parameter sets, one per job, in queue order. Unmodifiable. */
    public List<Map<String, Object>> paramSets() {
        return paramSets;
    }

    public int size() {
        return paramSets.size();
    }

    @Override
    public String toString() {
        return "sweep of " + paramSets.size() + " jobs";
    }

    private static List<String> keys(String kind, Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            throw new IllegalArgumentException(kind + ": no parameters to sweep over");
        }
        return keys(kind, map, 0);
    }

    /** The map's keys in the order described in the class comment; a blank key is an error. */
    private static List<String> keys(String kind, Map<String, ?> map, int setNumber) {
        List<String> keys = new ArrayList<>(map.keySet());
        for (String key : keys) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException((kind != null ? kind + ": " : "parameter set " + setNumber + ": ")
                        + "a parameter has no name");
            }
        }
        if (!(map instanceof LinkedHashMap || map instanceof SortedMap)) {
            Collections.sort(keys);
        }
        return keys;
    }

    private static Map<String, Object> inKeyOrder(Map<String, ?> set, List<String> keys) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : keys) {
            ordered.put(key, set.get(key));
        }
        return Collections.unmodifiableMap(ordered);
    }
}
