package io.berth.daemon.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The indexed jobs in id order, in sorted arrays ("chunks") of at most {@value #MAX_CHUNK}, behind one array of
 * chunks that each write replaces: a read walks the snapshot it started from, without a lock. With a million
 * jobs, a map's node per job cost more than most of a job (a skip list's node and index: 47 bytes); a slot in a
 * chunk costs 4. A write copies the chunks it changes and the array of chunks (a few KB), so a write of many
 * jobs (a sweep, a cleared queue, the index's first fill) is made as one.
 */
final class IdOrderedJobs {
    private static final int MAX_CHUNK = 1024;

    // chunks are never empty, and every id in one is below every id in the next
    private volatile IndexedJob[][] chunks = new IndexedJob[0][];

    /**
     * Makes the changes, each keyed by its job's id: given the job's indexed version, or null if it has none, a
     * change answers the next one, or null to leave it out.
     */
    synchronized void apply(NavigableMap<String, UnaryOperator<IndexedJob>> changes) {
        IndexedJob[][] current = chunks;
        if (changes.isEmpty()) {
            return;
        }
        if (current.length == 0) {
            chunks = split(merge(new IndexedJob[0], changes)).toArray(IndexedJob[][]::new);
            return;
        }
        List<IndexedJob[]> next = new ArrayList<>(current.length + 1);
        for (int c = 0; c < current.length; c++) {
            // a chunk takes the changes from its first id (from any, for the first) to the next chunk's first
            NavigableMap<String, UnaryOperator<IndexedJob>> own = c == 0 ? changes : changes.tailMap(current[c][0].id(), true);
            if (c + 1 < current.length) {
                own = own.headMap(current[c + 1][0].id(), false);
            }
            if (own.isEmpty()) {
                next.add(current[c]);
            } else {
                next.addAll(split(merge(current[c], own)));
            }
        }
        chunks = next.toArray(IndexedJob[][]::new);
    }

    int size() {
        int size = 0;
        for (IndexedJob[] chunk : chunks) {
            size += chunk.length;
        }
        return size;
    }

    /** The jobs as they were when it is called, in id order. */
    Stream<IndexedJob> stream() {
        return Arrays.stream(chunks).flatMap(Arrays::stream);
    }

    private static List<IndexedJob> merge(IndexedJob[] chunk, NavigableMap<String, UnaryOperator<IndexedJob>> changes) {
        List<IndexedJob> merged = new ArrayList<>(chunk.length + changes.size());
        int i = 0;
        for (Map.Entry<String, UnaryOperator<IndexedJob>> change : changes.entrySet()) {
            while (i < chunk.length && chunk[i].id().compareTo(change.getKey()) < 0) {
                merged.add(chunk[i++]);
            }
            IndexedJob old = i < chunk.length && chunk[i].id().equals(change.getKey()) ? chunk[i++] : null;
            IndexedJob next = change.getValue().apply(old);
            if (next != null) {
                merged.add(next);
            }
        }
        merged.addAll(Arrays.asList(chunk).subList(i, chunk.length));
        return merged;
    }

    /** The jobs in as few chunks as hold them, of even sizes; none if there are no jobs. */
    private static List<IndexedJob[]> split(List<IndexedJob> jobs) {
        int pieces = (jobs.size() + MAX_CHUNK - 1) / MAX_CHUNK;
        List<IndexedJob[]> split = new ArrayList<>(pieces);
        for (int p = 0; p < pieces; p++) {
            split.add(jobs.subList((int) ((long) jobs.size() * p / pieces), (int) ((long) jobs.size() * (p + 1) / pieces))
                    .toArray(IndexedJob[]::new));
        }
        return split;
    }
}
