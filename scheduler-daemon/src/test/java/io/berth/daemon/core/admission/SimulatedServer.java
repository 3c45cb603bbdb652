package io.berth.daemon.core.admission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A queue and running jobs to which each plan is applied, as the dispatcher will: admitted jobs run, rejected ones leave. */
final class SimulatedServer {
    private final AdmissionPolicy policy;
    private final Capacity capacity;
    private final List<QueuedJob> queue = new ArrayList<>();
    private final Map<String, RunningJob> running = new LinkedHashMap<>();

    SimulatedServer(AdmissionPolicy policy, Capacity capacity) {
        this.policy = policy;
        this.capacity = capacity;
    }

    void submit(QueuedJob job) {
        queue.add(job);
    }

    void start(RunningJob job) {
        running.put(job.jobId(), job);
    }

    void end(String jobId) {
        if (running.remove(jobId) == null) {
            throw new IllegalStateException("job " + jobId + " is not running");
        }
    }

    /** Plans for the queue as it is now and applies the plan. */
    AdmissionPlan step(Instant now) {
        AdmissionPlan plan = plan(now);
        apply(plan);
        return plan;
    }

    AdmissionPlan plan(Instant now) {
        return policy.plan(queue(), capacity, running(), now);
    }

    void apply(AdmissionPlan plan) {
        Map<String, QueuedJob> queued = queue.stream().collect(Collectors.toMap(QueuedJob::jobId, job -> job));
        for (Admission admission : plan.admit()) {
            start(new RunningJob(admission.jobId(), queued.get(admission.jobId()).request(), admission.gpuIds()));
        }
        Set<String> gone = new HashSet<>(running.keySet());
        plan.rejected().forEach(rejection -> gone.add(rejection.jobId()));
        queue.removeIf(job -> gone.contains(job.jobId()));
    }

    List<QueuedJob> queue() {
        return List.copyOf(queue);
    }

    List<RunningJob> running() {
        return List.copyOf(running.values());
    }
}
