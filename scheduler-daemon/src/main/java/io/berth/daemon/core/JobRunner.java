package io.berth.daemon.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job to its end: unpack its bundle, start its container, copy its output to the log
 * file, wait for it to exit, archive what it left, record how it ended, remove the container.
 * The archive is written before the final state, so a finished job always has one.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final BundleStore bundles;
    private final Workspace workspace;
    private final ContainerRuntime runtime;
    private final DependencyImages dependencies;
    private final ResultsCollector results;
    private final Clock clock;
    private final Duration stopGrace;

    public JobRunner(JobStore store, BundleStore bundles, Workspace workspace, ContainerRuntime runtime,
                     DependencyImages dependencies, ResultsCollector results, Clock clock, Duration stopGrace) {
        this.store = store;
        this.bundles = bundles;
        this.workspace = workspace;
        this.runtime = runtime;
        this.dependencies = dependencies;
        this.results = results;
        this.clock = clock;
        this.stopGrace = stopGrace;
    }

    public void run(Job claimed) {
        try (OutputStream log = workspace.openLog(claimed)) {
            runWithLog(claimed, log);
        } catch (IOException | RuntimeException e) {
            LOG.error("job {}: run failed: {}", claimed.id(), e.getMessage(), e);
            failIfUnfinished(claimed, "internal error: " + e.getMessage());
        }
    }

    /** Tells the job's container, if it has one yet, to stop; the run then records it as stopped. */
    public void stop(Job job) {
        store.find(job.id())
                .filter(current -> current.containerId() != null && current.state() == JobState.RUNNING)
                .ifPresent(current -> {
                    LOG.info("job {}: stopping container {}", current.id(), current.containerId());
                    runtime.stop(current.containerId(), stopGrace);
                });
    }

    private void runWithLog(Job claimed, OutputStream log) throws IOException {
        Path jobDir;
        try {
            jobDir = workspace.prepare(claimed, bundles.path(claimed.bundleDigest())).jobDir();
        } catch (InvalidBundleException | UncheckedIOException e) {
            finish(claimed, log, job -> job.failedToStart("cannot prepare the job's files: " + e.getMessage(), now()));
            return;
        }
        if (store.find(claimed.id()).map(Job::stopRequested).orElse(false)) {
            finish(claimed, log, job -> job.stopped("stopped by user before it started", now()));
            return;
        }
        String containerId;
        try {
            String image = dependencies.imageFor(claimed, jobDir.resolve(Workspace.SOURCE_DIR_NAME), log);
            containerId = runtime.start(ContainerSpecs.forJob(claimed, jobDir, List.of()).withImage(image));
        } catch (ContainerRuntimeException e) {
            LOG.info("job {}: could not start: {}", claimed.id(), e.getMessage());
            finish(claimed, log, job -> job.failedToStart(e.getMessage(), now()));
            return;
        }
        try {
            Job running = store.update(claimed, job -> job.started(containerId, now()));
            LOG.info("job {}: running in container {}", running.id(), containerId);
            if (running.stopRequested()) {
                runtime.stop(containerId, stopGrace);
            }
            runtime.followLogs(containerId, log);
            ExitStatus exit = runtime.awaitExit(containerId);
            collectResults(running);
            finish(running, log, job -> job.exited(exit.exitCode(), exit.oomKilled(), now()));
        } finally {
            runtime.remove(containerId);
        }
    }

    /**
     * Archives the job as it will end, then records that end; if someone changed the job in between
     * (a stop request), the end is worked out again from the latest version and archived again.
     */
    private void finish(Job job, OutputStream log, UnaryOperator<Job> ending) throws IOException {
        Job current = job;
        while (true) {
            Job end = ending.apply(current);
            if (end.state() == JobState.FAILED && end.exitCode() == null) {
                log.write(("berth: job failed: " + end.reason() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            log.flush();
            workspace.archive(end);
            if (store.replace(current, end)) {
                workspace.release(end.id());
                LOG.info("job {}: {}{}", end.id(), end.state().wireName(), end.reason() == null ? "" : " (" + end.reason() + ")");
                return;
            }
            String id = current.id();
            current = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
        }
    }

    /** Whatever the job reported last; a failure here loses results, not the job. */
    private void collectResults(Job job) {
        try {
            results.collect(job.id());
        } catch (RuntimeException e) {
            LOG.error("job {}: could not collect what it reported: {}", job.id(), e.getMessage(), e);
        }
    }

    private void failIfUnfinished(Job claimed, String why) {
        try {
            store.find(claimed.id())
                    .filter(job -> !job.state().isFinished())
                    .ifPresent(job -> store.update(job, j -> j.failedToStart(why, now())));
        } catch (RuntimeException e) {
            LOG.error("job {}: could not record its failure: {}", claimed.id(), e.getMessage(), e);
        }
    }

    private java.time.Instant now() {
        return clock.instant();
    }
}
