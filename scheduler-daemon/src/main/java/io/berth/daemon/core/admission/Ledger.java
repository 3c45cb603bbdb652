package io.berth.daemon.core.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What is in use and what is held while one plan is made: it starts from the running jobs, and each
 * admission and hold of the plan is written into it in turn.
 */
final class Ledger {
    private record Hold(String jobId, Amounts amounts) {}

    private final Amounts total;
    private final List<String> freeGpuIds;
    private final List<Hold> holds = new ArrayList<>();
    // GPUs are counted by freeGpuIds, so inUse's gpus stays unused
    private Amounts inUse = Amounts.ZERO;
    private Amounts held = Amounts.ZERO;

    Ledger(Capacity capacity, List<RunningJob> running) {
        this.total = Amounts.totalOf(capacity);
        Map<String, String> holderOfGpu = new HashMap<>();
        for (RunningJob job : running) {
            inUse = inUse.plus(Amounts.takenBy(job.request()));
            for (String gpu : job.gpuIds()) {
                String other = holderOfGpu.putIfAbsent(gpu, job.jobId());
                if (other != null) {
                    throw new IllegalArgumentException("GPU " + gpu + " is held by both job " + other
                            + " and job " + job.jobId());
                }
            }
        }
        // an id no longer in the capacity (a GPU taken out of the configuration) is simply not handed out
        this.freeGpuIds = new ArrayList<>(capacity.gpuIds());
        freeGpuIds.removeAll(holderOfGpu.keySet());
    }

    /** Whether one more job could take a slot: none can start once this is false. */
    boolean slotFree() {
        return free().slots() > 0;
    }

    boolean fits(Amounts need) {
        return Dimension.firstShort(need, free()).isEmpty();
    }

    /** Counts the job as running and hands it the first free GPU ids. */
    List<String> take(Amounts need) {
        inUse = inUse.plus(need);
        List<String> taken = freeGpuIds.subList(0, Math.toIntExact(need.gpus()));
        List<String> ids = List.copyOf(taken);
        taken.clear();
        return ids;
    }

    /** Reserves for a starved job what is free of what it needs, so no job considered later takes it. */
    void hold(String jobId, Amounts need) {
        Amounts amounts = need.upTo(free());
        holds.add(new Hold(jobId, amounts));
        held = held.plus(amounts);
    }

    /** Why a job that does not fit waits: what it lacks of the unused capacity, or the hold in its way. */
    Waiting whyWaiting(String jobId, Amounts need) {
        Amounts unused = unused();
        return Dimension.firstShort(need, unused)
                .map(d -> new Waiting(jobId, Reasons.lacking(d, need, unused, total), null))
                .orElseGet(() -> heldAgainst(jobId, need));
    }

    private Waiting heldAgainst(String jobId, Amounts need) {
        Dimension lacking = Dimension.firstShort(need, free()).orElseThrow();
        String holder = holds.stream()
                .filter(hold -> lacking.of(hold.amounts()) > 0)
                .findFirst().orElseThrow().jobId();
        return new Waiting(jobId, Reasons.heldFor(holder), holder);
    }

    private Amounts free() {
        return unused().minus(held);
    }

    private Amounts unused() {
        return new Amounts(total.slots() - inUse.slots(), total.milliCpus() - inUse.milliCpus(),
                total.memoryBytes() - inUse.memoryBytes(), freeGpuIds.size());
    }
}
