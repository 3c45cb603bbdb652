package io.berth.daemon.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What must be true of any plan, checked from the inputs without the policy's own arithmetic.
 * Amounts are arrays indexed by {@link #DIMENSIONS}.
 */
final class PlanInvariants {
    private static final String[] DIMENSIONS = {"slots", "milliCpus", "memoryBytes", "gpus"};

    private final String context;
    private final Map<String, QueuedJob> queued;
    private final Capacity capacity;
    private final List<RunningJob> running;
    private final AdmissionPlan plan;
    private final Set<String> pastBound;
    private final List<String> considerationOrder;
    private final long[] total;

    PlanInvariants(String context, List<QueuedJob> queue, Capacity capacity, List<RunningJob> running,
            Instant now, Duration bound, AdmissionPlan plan) {
        this.context = context;
        this.queued = queue.stream().collect(Collectors.toMap(QueuedJob::jobId, Function.identity()));
        this.capacity = capacity;
        this.total = new long[] {capacity.slots(), capacity.milliCpus(), capacity.memoryBytes(), capacity.gpuIds().size()};
        this.running = running;
        this.plan = plan;
        this.pastBound = queue.stream()
                .filter(job -> Duration.between(job.queuedAt(), now).compareTo(bound) >= 0)
                .map(QueuedJob::jobId).collect(Collectors.toSet());
        this.considerationOrder = Stream.concat(
                queue.stream().filter(job -> pastBound.contains(job.jobId()))
                        .sorted(Comparator.comparing(QueuedJob::queuedAt)),
                queue.stream().filter(job -> !pastBound.contains(job.jobId()))
                        .sorted(Comparator.comparingInt(QueuedJob::priority).reversed()))
                .map(QueuedJob::jobId).toList();
    }

    void check() {
        everyQueuedJobHasExactlyOneOutcome();
        exactlyTheImpossibleJobsAreRejected();
        admittedJobsGetTheFirstFreeGpuIds();
        nothingIsUsedBeyondCapacity();
        admissionsAndWaitingJobsAreInConsiderationOrder();
        aWaitingJobWithoutAHolderDoesNotFitInWhatIsLeft();
        jobsAfterAStarvedJobGetOnlyWhatIsFreeBeyondItsNeed();
    }

    private void everyQueuedJobHasExactlyOneOutcome() {
        List<String> outcomes = new ArrayList<>(admittedIds());
        plan.waiting().forEach(w -> outcomes.add(w.jobId()));
        plan.rejected().forEach(r -> outcomes.add(r.jobId()));
        assertThat(outcomes).as(context + ": admitted, waiting and rejected jobs").doesNotHaveDuplicates();
        assertThat(Set.copyOf(outcomes)).as(context + ": admitted, waiting and rejected jobs").isEqualTo(queued.keySet());
    }

    private void exactlyTheImpossibleJobsAreRejected() {
        Set<String> impossible = queued.values().stream()
                .filter(job -> !fits(need(job.request()), total))
                .map(QueuedJob::jobId).collect(Collectors.toSet());
        assertThat(plan.rejected().stream().map(Rejection::jobId).collect(Collectors.toSet()))
                .as(context + ": rejected jobs").isEqualTo(impossible);
    }

    /** Exactly as many ids as asked, the first in the capacity's order that no running or earlier admitted job has. */
    private void admittedJobsGetTheFirstFreeGpuIds() {
        Set<String> taken = new HashSet<>();
        running.forEach(job -> taken.addAll(job.gpuIds()));
        for (Admission admission : plan.admit()) {
            List<String> firstFree = capacity.gpuIds().stream()
                    .filter(id -> !taken.contains(id))
                    .limit(queued.get(admission.jobId()).request().gpus())
                    .toList();
            assertThat(admission.gpuIds()).as("%s: GPU ids of %s while %s are taken", context, admission.jobId(), taken)
                    .isEqualTo(firstFree);
            taken.addAll(admission.gpuIds());
        }
    }

    private void nothingIsUsedBeyondCapacity() {
        long[] used = inUse(admittedIds());
        for (int d = 0; d < DIMENSIONS.length; d++) {
            assertThat(used[d]).as(context + ": " + DIMENSIONS[d] + " in use after the plan").isLessThanOrEqualTo(total[d]);
        }
    }

    private void admissionsAndWaitingJobsAreInConsiderationOrder() {
        List<String> waitingIds = plan.waiting().stream().map(Waiting::jobId).toList();
        assertThat(admittedIds()).as(context + ": admission order")
                .isEqualTo(considerationOrder.stream().filter(admittedIds()::contains).toList());
        assertThat(waitingIds).as(context + ": waiting order")
                .isEqualTo(considerationOrder.stream().filter(waitingIds::contains).toList());
    }

    private void aWaitingJobWithoutAHolderDoesNotFitInWhatIsLeft() {
        long[] left = free(admittedIds());
        for (Waiting waiting : plan.waiting()) {
            String what = context + ": " + waiting;
            if (waiting.heldFor() == null) {
                assertThat(fits(need(queued.get(waiting.jobId()).request()), left)).as(what + " fits in what is left").isFalse();
                assertThat(waiting.reason()).as(what).doesNotStartWith("held for");
            } else {
                assertThat(fits(need(queued.get(waiting.jobId()).request()), free(admittedBefore(waiting.jobId()))))
                        .as(what + " would fit if nothing were held").isTrue();
                assertThat(pastBound).as(what + ": its holder is past the bound").contains(waiting.heldFor());
                assertThat(considerationOrder.indexOf(waiting.heldFor())).as(what + ": its holder comes first")
                        .isLessThan(considerationOrder.indexOf(waiting.jobId()));
                assertThat(waiting.reason()).as(what).startsWith("held for job " + waiting.heldFor());
            }
            assertThat(waiting.reason().contains("capacity held for it")).as(what + ": says it holds")
                    .isEqualTo(pastBound.contains(waiting.jobId()));
        }
    }

    /**
     * A starved job holds, of each thing, what is free up to its need (after the holds before it), so the
     * jobs considered after it get at most what is free beyond its whole need.
     */
    private void jobsAfterAStarvedJobGetOnlyWhatIsFreeBeyondItsNeed() {
        long[] heldBefore = new long[DIMENSIONS.length];
        for (Waiting starved : plan.waiting()) {
            if (!pastBound.contains(starved.jobId())) {
                continue;
            }
            List<String> before = admittedBefore(starved.jobId());
            List<String> after = admittedIds().stream().filter(id -> !before.contains(id)).toList();
            long[] need = need(queued.get(starved.jobId()).request());
            long[] free = free(before);
            long[] takenAfter = sum(after.stream().map(id -> need(queued.get(id).request())));
            for (int d = 0; d < DIMENSIONS.length; d++) {
                long freeHere = free[d] - heldBefore[d];
                assertThat(takenAfter[d]).as("%s: %s, considered after %s (past the bound), got %s %s of %s free",
                                context, after, starved.jobId(), takenAfter[d], DIMENSIONS[d], freeHere)
                        .isLessThanOrEqualTo(Math.max(0, freeHere - need[d]));
                heldBefore[d] += Math.min(need[d], Math.max(0, freeHere));
            }
        }
    }

    private List<String> admittedBefore(String jobId) {
        int position = considerationOrder.indexOf(jobId);
        return admittedIds().stream().filter(id -> considerationOrder.indexOf(id) < position).toList();
    }

    private List<String> admittedIds() {
        return plan.admit().stream().map(Admission::jobId).toList();
    }

    /** Capacity minus the running jobs and the given admitted ones. */
    private long[] free(List<String> admitted) {
        long[] used = inUse(admitted);
        long[] free = new long[DIMENSIONS.length];
        for (int d = 0; d < DIMENSIONS.length; d++) {
            free[d] = total[d] - used[d];
        }
        return free;
    }

    private long[] inUse(List<String> admitted) {
        return sum(Stream.concat(running.stream().map(RunningJob::request), admitted.stream().map(id -> queued.get(id).request()))
                .map(PlanInvariants::need));
    }

    private static long[] sum(Stream<long[]> amounts) {
        long[] sum = new long[DIMENSIONS.length];
        amounts.forEach(amount -> {
            for (int d = 0; d < DIMENSIONS.length; d++) {
                sum[d] += amount[d];
            }
        });
        return sum;
    }

    private static long[] need(Resources request) {
        return new long[] {1, request.milliCpus(), request.memoryBytes(), request.gpus()};
    }

    private static boolean fits(long[] need, long[] available) {
        for (int d = 0; d < need.length; d++) {
            if (need[d] > 0 && need[d] > available[d]) {
                return false;
            }
        }
        return true;
    }
}
