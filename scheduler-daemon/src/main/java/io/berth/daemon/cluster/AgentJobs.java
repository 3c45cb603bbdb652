package io.berth.daemon.cluster;

import io.berth.daemon.core.BundleStore;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobNotFoundException;
import io.berth.daemon.core.JobRecords;
import io.berth.daemon.core.JobState;
import io.berth.daemon.core.JobStateTransitions;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.core.ResultsSink;
import io.berth.daemon.core.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The head's side of the jobs agents run: what an agent reads and writes of a job, each call fenced: the job must be
 * assigned to that agent ({@link Job#node()}) in that attempt and still be starting or running, else the call is
 * refused ({@link FencedException}) and changes nothing. So an agent that was lost, whose jobs went back to the
 * queue, cannot end, log to or archive them when it comes back; nor can an agent touch another's jobs.
 */
public final class AgentJobs {
    private final JobRecords store;
    private final ResultsSink results;
    private final Workspace workspace;
    private final BundleStore bundles;
    private final LogSignals signals;
    private final Consumer<String> released;

    /** @param released told the id of each job an agent's write ends or queues again: it holds no capacity now */
    public AgentJobs(JobRecords store, ResultsSink results, Workspace workspace, BundleStore bundles,
                     LogSignals signals, Consumer<String> released) {
        this.store = store;
        this.results = results;
        this.workspace = workspace;
        this.bundles = bundles;
        this.signals = signals;
        this.released = released;
    }

    /** The job, while it is assigned to {@code agent} (in any attempt). */
    public Job job(String agent, String id) {
        Job job = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
        if (!agent.equals(job.node())) {
            throw new FencedException("job " + id + " is not assigned to agent " + agent);
        }
        return job;
    }

    /**
     * Which of the jobs the agent says it runs are no longer its own in the attempt it runs them in: given back to
     * the queue or to another agent while it was lost, or deleted. A job that ended in that attempt on that agent
     * is still its own (the agent is tidying up after recording its end).
     */
    public List<String> takenBack(String agent, List<AgentProtocol.Attempt> running) {
        List<String> takenBack = new ArrayList<>();
        for (AgentProtocol.Attempt run : running) {
            boolean own = store.find(run.jobId())
                    .filter(job -> agent.equals(job.node()) && job.attempt() == run.attempt())
                    .isPresent();
            if (!own) {
                takenBack.add(run.jobId());
            }
        }
        return takenBack;
    }

    /**
     * Writes what the agent made of the job's record ({@code proposed}) if the head's record is still at
     * {@code expectedVersion}: its state, times, exit code, reason, container and log offset; the rest (command,
     * spec, params, queue place, stop request) stays the head's. Returns false if the job changed first.
     */
    public boolean replace(String agent, String id, int attempt, long expectedVersion, Job proposed) {
        Job current = fenced(agent, id, attempt);
        if (current.version() != expectedVersion) {
            return false;
        }
        Job next = adopted(agent, current, proposed);
        if (!store.replace(current, next)) {
            return false;
        }
        signals.changed(id);
        if (!next.state().isActive()) {
            if (next.state() == JobState.QUEUED) {
                results.delete(id); // the next attempt reports from the start of a new events file
            }
            released.accept(id);
        }
        return true;
    }

    /**
     * Appends the agent's bytes of the attempt's log from byte {@code offset} on, skipping what the head has
     * already (a resend); returns the log's length, which the agent sends from next (more than it sent, if some
     * went missing).
     */
    public long appendLog(String agent, String id, int attempt, long offset, InputStream bytes) throws IOException {
        fenced(agent, id, attempt);
        Path log = workspace.logFile(id, attempt);
        long size = sizeOf(log);
        if (offset < 0 || offset > size) {
            return size; // a question, or a gap: the agent sends from the head's length
        }
        bytes.skipNBytes(size - offset);
        Files.createDirectories(log.getParent());
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            size += bytes.transferTo(out);
        }
        signals.written(id);
        return size;
    }

    /** The results store, for a call about this job in this attempt. */
    public ResultsSink results(String agent, String id, int attempt) {
        fenced(agent, id, attempt);
        return results;
    }

    /** Keeps the attempt's archive as the job's: sent before the agent records the job's end. */
    public void storeArchive(String agent, String id, int attempt, InputStream archive) throws IOException {
        fenced(agent, id, attempt);
        workspace.storeArchive(id, archive);
    }

    /** The bundle file, for an agent that was given a job of it. */
    public Path bundle(String digest) {
        if (!BundleStore.isValidDigest(digest) || !bundles.contains(digest)) {
            throw new JobNotFoundException("bundle", digest);
        }
        return bundles.path(digest);
    }

    private Job fenced(String agent, String id, int attempt) {
        Job job = store.find(id).orElseThrow(() -> new FencedException("job " + id + " no longer exists"));
        if (!agent.equals(job.node()) || job.attempt() != attempt || !job.state().isActive()) {
            throw new FencedException("job " + id + " attempt " + attempt + " is no longer agent " + agent + "'s: it is "
                    + job.state().wireName() + (job.node() == null ? "" : " on " + job.node()) + " in attempt "
                    + job.attempt());
        }
        return job;
    }

    /** The head's record with what an agent may change of it taken from {@code proposed}, checked. */
    private static Job adopted(String agent, Job current, Job proposed) {
        if (proposed.state() != current.state()) {
            JobStateTransitions.check(current.id(), current.state(), proposed.state());
        }
        boolean queuedAgain = proposed.state() == JobState.QUEUED;
        if (!queuedAgain && !agent.equals(proposed.node())) {
            throw new FencedException("agent " + agent + " may not move job " + current.id() + " to another agent");
        }
        if (proposed.attempt() != current.attempt() && !(queuedAgain && proposed.attempt() == current.attempt() - 1)) {
            throw new FencedException("agent " + agent + " may not change the attempt of job " + current.id()
                    + " from " + current.attempt() + " to " + proposed.attempt());
        }
        if (!current.gpuIds().containsAll(proposed.gpuIds())) {
            throw new FencedException("agent " + agent + " may not give job " + current.id() + " GPUs it was not given");
        }
        return current.toBuilder()
                .state(proposed.state())
                .attempt(proposed.attempt())
                .attemptsLostToEngine(proposed.attemptsLostToEngine())
                .startedAt(proposed.startedAt())
                .finishedAt(proposed.finishedAt())
                .exitCode(proposed.exitCode())
                .reason(proposed.reason())
                .containerId(proposed.containerId())
                .gpuIds(proposed.gpuIds())
                .node(queuedAgain ? null : agent)
                .logOffset(proposed.logOffset())
                .version(current.version() + 1)
                .build();
    }

    private static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
