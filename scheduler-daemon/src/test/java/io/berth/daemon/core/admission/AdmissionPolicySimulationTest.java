package io.berth.daemon.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many interleavings: seeded random arrivals, requests, priorities and run times on a random server,
 * one plan a minute, applied as the dispatcher would. Every plan must keep {@link PlanInvariants}, every
 * job past the bound must start within its deadline, and with a bounded workload every job must run.
 */
class AdmissionPolicySimulationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(1);
    private static final int MAX_STEPS = 20_000;
    private static final long GIB = 1L << 30;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyPlanKeepsTheInvariantsAndEveryJobRunsInTime(long seed) {
        try {
            new Run(seed).toTheEnd();
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("seed " + seed + " failed: " + e.getMessage(), e);
        }
    }

    private static final class Run {
        private final long seed;
        private final Random random;
        private final Capacity capacity;
        private final Duration bound;
        private final int maxRunSteps;
        private final AdmissionPolicy policy;
        private final SimulatedServer server;
        private final Map<String, Integer> runSteps = new HashMap<>();
        private final Map<String, Integer> endsAt = new HashMap<>();
        /** For each job past the bound: the step by which it must have started. */
        private final Map<String, Integer> deadlines = new HashMap<>();
        private int submitted;
        private int finished;
        private int rejected;

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            this.capacity = randomCapacity();
            this.bound = STEP.multipliedBy(random.nextInt(15));
            this.maxRunSteps = 1 + random.nextInt(12);
            this.policy = new AdmissionPolicy(bound);
            this.server = new SimulatedServer(policy, capacity);
        }

        void toTheEnd() {
            int jobs = 20 + random.nextInt(60);
            for (int step = 0; submitted < jobs || !server.queue().isEmpty() || !server.running().isEmpty(); step++) {
                assertThat(step).as(context(step) + ": jobs left after " + MAX_STEPS + " steps").isLessThan(MAX_STEPS);
                endRunsDueAt(step);
                for (int n = random.nextInt(4); n > 0 && submitted < jobs && random.nextBoolean(); n--) {
                    submit(step);
                }
                planAndApply(step);
            }
            assertThat(finished + rejected).as(context(-1) + ": jobs finished or rejected").isEqualTo(jobs);
        }

        private void planAndApply(int step) {
            Instant now = T0.plus(STEP.multipliedBy(step));
            List<QueuedJob> queue = server.queue();
            List<RunningJob> running = server.running();
            AdmissionPlan plan = server.plan(now);
            new PlanInvariants(context(step), queue, capacity, running, now, bound, plan).check();
            AdmissionPlan untilFull = policy.admissions(AdmissionFixtures.inOrders(queue), List.of(Node.local(capacity)), running, now);
            assertThat(untilFull.admit()).as(context(step) + ": the plan that stops when the slots are full")
                    .isEqualTo(plan.admit());
            assertThat(plan.rejected()).as(context(step) + ": its rejections").containsAll(untilFull.rejected());
            server.apply(plan);
            assertThat(server.running().stream().flatMap(job -> job.gpuIds().stream()).toList())
                    .as(context(step) + ": GPU ids of running jobs").doesNotHaveDuplicates();
            plan.admit().forEach(admission -> endsAt.put(admission.jobId(), step + runSteps.get(admission.jobId())));
            rejected += plan.rejected().size();
            setDeadlines(step, queue, now);
            for (Waiting waiting : plan.waiting()) {
                Integer deadline = deadlines.get(waiting.jobId());
                assertThat(deadline == null || step < deadline)
                        .as("%s: %s still waits at its deadline %s (%s)", context(step), waiting.jobId(), deadline, waiting.reason())
                        .isTrue();
            }
        }

        /**
         * A job that crosses the bound waits at most for the jobs running now to end, then for each job ahead
         * of it in the queue (all past the bound too) to get its turn: one longest run each.
         */
        private void setDeadlines(int step, List<QueuedJob> queue, Instant now) {
            for (int ahead = 0; ahead < queue.size(); ahead++) {
                QueuedJob job = queue.get(ahead);
                if (Duration.between(job.queuedAt(), now).compareTo(bound) >= 0) {
                    deadlines.putIfAbsent(job.jobId(), step + (ahead + 1) * maxRunSteps);
                }
            }
        }

        private void endRunsDueAt(int step) {
            for (RunningJob job : server.running()) {
                if (endsAt.get(job.jobId()) <= step) {
                    server.end(job.jobId());
                    finished++;
                }
            }
        }

        private void submit(int step) {
            String id = "job-" + submitted++;
            runSteps.put(id, 1 + random.nextInt(maxRunSteps));
            Resources request = new Resources(
                    amount(capacity.milliCpus(), 250), amount(capacity.memoryBytes(), GIB / 4), gpus());
            server.submit(new QueuedJob(id, random.nextInt(4), T0.plus(STEP.multipliedBy(step)), request));
        }

        /** Often nothing, rarely more than the whole server, mostly a multiple of unit up to the total. */
        private long amount(long total, long unit) {
            int dice = random.nextInt(100);
            if (dice < 30) {
                return 0;
            }
            return dice < 33 ? total + unit : unit * (1 + random.nextInt((int) (total / unit)));
        }

        private int gpus() {
            int dice = random.nextInt(100);
            int ids = capacity.gpuIds().size();
            if (dice < 3) {
                return ids + 1;
            }
            return dice < 40 || ids == 0 ? 0 : 1 + random.nextInt(ids);
        }

        private Capacity randomCapacity() {
            List<String> gpuIds = new ArrayList<>(IntStream.range(0, random.nextInt(7)).mapToObj(i -> "gpu" + i).toList());
            Collections.shuffle(gpuIds, random);
            return new Capacity(1 + random.nextInt(6), 250L * (4 + random.nextInt(61)), GIB / 4 * (4 + random.nextInt(125)), gpuIds);
        }

        private String context(int step) {
            return "seed " + seed + " step " + step + " (" + capacity + ", bound " + bound + ", runs up to " + maxRunSteps + " steps)";
        }
    }
}
