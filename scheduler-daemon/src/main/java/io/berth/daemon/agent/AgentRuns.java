package io.berth.daemon.agent;

import io.berth.daemon.cluster.AgentProtocol;
import io.berth.daemon.core.ContainerRuntime;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobStoreException;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.core.Workspace;
import io.berth.sdk.AgentChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs this agent runs now, each with its attempt, its latest record and its log's shipping to the head: every
 * write to the local log wakes a shipper that appends the new bytes to the head's copy, so followers on the head
 * see them at once, and a job's record never moves on at the head before its log got there ({@link #flushLog}).
 */
final class AgentRuns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuns.class);
    /** Most of a log sent in one call. */
    private static final int CHUNK = 1 << 20;
    /** How long a shipper waits for a write before it looks at the file anyway, and backs off when the head is away. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final AgentChannel head;
    private final Workspace workspace;
    private final LogSignals signals;
    private final ContainerRuntime runtime;
    private final Duration stopGrace;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    AgentRuns(AgentChannel head, Workspace workspace, LogSignals signals, ContainerRuntime runtime, Duration stopGrace) {
        this.head = head;
        this.workspace = workspace;
        this.signals = signals;
        this.runtime = runtime;
        this.stopGrace = stopGrace;
    }

    /** Registers a run of the job in its attempt and starts shipping its log; null if the job runs here already. */
    Run start(Job job) {
        Run run = new Run(job);
        if (runs.putIfAbsent(job.id(), run) != null) {
            return null;
        }
        run.shipper.start();
        return run;
    }

    /** The run ended: the rest of its log is sent (if the head answers) and it is forgotten. */
    void end(Run run) {
        run.stopShipping();
        try {
            run.ship();
        } catch (HeadCalls.FencedByHeadException e) {
            LOG.debug("job {}: the head no longer takes its log: {}", run.jobId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("job {}: the end of its log did not reach the head: {}", run.jobId, e.getMessage());
        }
        runs.remove(run.jobId, run);
    }

    Optional<Run> get(String jobId) {
        return Optional.ofNullable(runs.get(jobId));
    }

    List<String> jobIds() {
        return List.copyOf(runs.keySet());
    }

    /**
     * The jobs this agent runs, each in its attempt, as the head is told them: without those whose end is recorded
     * (their runs are only tidying up) or that the head took back (they are stopping).
     */
    List<AgentProtocol.Attempt> running() {
        return runs.values().stream()
                .filter(run -> !run.fenced && !run.settled)
                .map(run -> new AgentProtocol.Attempt(run.jobId, run.attempt))
                .toList();
    }

    /** The head has the job's end (or its return to the queue) from this run: the run only tidies up now. */
    void settled(String jobId) {
        Run run = runs.get(jobId);
        if (run != null) {
            run.settled = true;
        }
    }

    /** The attempt this agent runs the job in; the head checks it on every report. */
    int attempt(String jobId) {
        Run run = runs.get(jobId);
        if (run == null) {
            throw new HeadCalls.FencedByHeadException("job " + jobId + " does not run on this agent");
        }
        return run.attempt;
    }

    /** The job's record as last read from or written to the head. */
    void seen(Job job) {
        Run run = runs.get(job.id());
        if (run != null && run.attempt == job.attempt()) {
            run.latest = job;
        }
    }

    /** Sends the job's log as it is now: before its record changes at the head. */
    void flushLog(String jobId) {
        Run run = runs.get(jobId);
        if (run != null) {
            run.ship();
        }
    }

    /** The head no longer counts the job as this agent's: its container is stopped, and its run then ends. */
    void fenced(String jobId, String why) {
        Run run = runs.get(jobId);
        if (run == null || run.fenced) {
            return;
        }
        run.fenced = true;
        LOG.warn("job {}: the head took it back ({}); stopping its container", jobId, why);
        String containerId = run.latest.containerId();
        if (containerId != null) {
            try {
                runtime.stop(containerId, stopGrace);
            } catch (RuntimeException e) {
                LOG.warn("job {}: could not stop container {}: {}", jobId, containerId, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        runs.values().forEach(Run::stopShipping);
    }

    /** One job's run here, in one attempt. */
    final class Run {
        final String jobId;
        final int attempt;
        volatile Job latest;
        volatile boolean fenced;
        volatile boolean settled;
        private final Path log;
        /** The local log's length when the run began: what an earlier run here wrote of the attempt is not sent. */
        private final long localStart;
        /** The head's log length when this run first sent, which local byte {@link #localStart} lands on; -1: not yet. */
        private long headBase = -1;
        /** Bytes after {@link #localStart} the head has. */
        private long shipped;
        private final Thread shipper;
        private volatile boolean shipping = true;

        private Run(Job job) {
            this.jobId = job.id();
            this.attempt = job.attempt();
            this.latest = job;
            this.log = workspace.logFile(jobId, attempt);
            this.localStart = sizeOf(log);
            this.shipper = new Thread(this::shipWhileRunning, "log-shipper-" + jobId);
            shipper.setDaemon(true);
        }

        private void shipWhileRunning() {
            try (LogSignals.Watch watch = signals.watch(jobId)) {
                while (shipping) {
                    watch.await(RECHECK);
                    try {
                        ship();
                    } catch (JobStoreException e) {
                        Thread.sleep(RECHECK.toMillis()); // the head is away: the run goes on, the log waits
                    } catch (HeadCalls.FencedByHeadException e) {
                        fenced(jobId, e.getMessage());
                        return;
                    } catch (RuntimeException e) {
                        LOG.warn("job {}: shipping its log failed (trying again): {}", jobId, e.getMessage());
                        Thread.sleep(RECHECK.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Sends what the local log has beyond what the head has. */
        synchronized void ship() {
            if (headBase < 0) {
                headBase = HeadCalls.call("take the log of job " + jobId, () -> head.appendLog(jobId, attempt, -1,
                        new byte[0]));
            }
            long size = sizeOf(log) - localStart;
            while (shipped < size) {
                byte[] chunk = read(localStart + shipped, (int) Math.min(CHUNK, size - shipped));
                long sentAt = headBase + shipped;
                long headLength = HeadCalls.call("take the log of job " + jobId,
                        () -> head.appendLog(jobId, attempt, sentAt, chunk));
                shipped = Math.max(0, headLength - headBase);
            }
        }

        private void stopShipping() {
            shipping = false;
            shipper.interrupt();
            try {
                shipper.join(RECHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private byte[] read(long from, int length) {
            try (InputStream in = Files.newInputStream(log)) {
                in.skipNBytes(from);
                return in.readNBytes(length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the log of job " + jobId + " at " + log, e);
            }
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
