package io.berth.daemon.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.archive.SafeTarExtractor;
import io.berth.config.AgentConfig;
import io.berth.config.BerthHome;
import io.berth.config.NetworkConfig;
import io.berth.config.SchedulingConfig;
import io.berth.config.ServerConfig;
import io.berth.daemon.BerthDaemon;
import io.berth.daemon.cluster.AgentProtocol;
import io.berth.daemon.core.DaemonThreads;
import io.berth.daemon.core.DependencyInstall;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobRunner;
import io.berth.daemon.core.LogSignals;
import io.berth.daemon.core.ManagedContainer;
import io.berth.daemon.core.ResultsCollector;
import io.berth.daemon.core.RunSettings;
import io.berth.daemon.core.SpecPolicy;
import io.berth.daemon.docker.DockerClients;
import io.berth.daemon.docker.DockerContainerRuntime;
import io.berth.daemon.docker.DockerDependencyImages;
import io.berth.daemon.storage.FileJobEventSource;
import io.berth.daemon.storage.FileSystemBundleStore;
import io.berth.daemon.storage.FileSystemWorkspace;
import io.berth.daemon.storage.HelperFiles;
import io.berth.daemon.storage.ServerId;
import io.berth.sdk.AgentChannel;
import io.berth.sdk.BerthApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of running jobs: it polls the head for work, fetches each job's bundle once (kept by digest in
 * its data directory), and runs the job on its Docker engine with the same runner as the head's, under the same
 * container contract, but with the head's job record, results, log and archive reached over HTTP (fenced by the
 * job's attempt). Its data directory is {@code $BERTH_HOME/agent-data}.
 */
final class AgentEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEngine.class);
    /** How long one poll for work waits at the head for some. */
    static final Duration POLL = Duration.ofSeconds(20);

    private final AgentChannel head;
    private final DockerClients docker;
    private final String name;
    private final LeaseAwareRuntime runtime;
    private final FileSystemBundleStore bundles;
    /** Where bundles are fetched to before they are checked and kept. */
    private final Path incoming;
    private final AgentRuns runs;
    private final JobRunner runner;
    private final ResultsCollector results;
    /** Brings what running jobs report to the head while they run, as the head's own task does for its jobs. */
    private final ScheduledExecutorService collecting = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("agent-results"));
    private final ExecutorService jobs = Executors.newCachedThreadPool(DaemonThreads.named("agent-job"));
    private final Thread poller;
    private final ObjectMapper json = HeadCalls.json();
    private volatile boolean closed;
    private volatile boolean failing;

    private AgentEngine(AgentConfig config, AgentChannel head, Path dataDir) {
        this.head = head;
        this.name = config.name();
        this.docker = config.dockerHost() == null ? DockerClients.fromEnvironment()
                : DockerClients.connect(URI.create(config.dockerHost()), DockerClients.CALL_TIMEOUT);
        try {
            ServerConfig settings = ServerConfig.defaults(BerthHome.path()).withScheduling(config.scheduling());
            SchedulingConfig.BundleLimits limits = settings.scheduling().bundles();
            SafeTarExtractor unpacking = new SafeTarExtractor(limits.maxUnpacked().bytes(), limits.maxEntries());
            this.bundles = new FileSystemBundleStore(dataDir.resolve("bundles"), limits.maxUpload().bytes(), unpacking);
            this.incoming = Files.createDirectories(dataDir.resolve("fetching"));
            FileSystemWorkspace workspace = new FileSystemWorkspace(dataDir, unpacking);
            DockerContainerRuntime engine = new DockerContainerRuntime(docker,
                    DockerContainerRuntime.DEFAULT_PULL_TIMEOUT, ServerId.of(dataDir));
            this.runtime = new LeaseAwareRuntime(engine, new LeaseStops(dataDir));
            LogSignals signals = new LogSignals();
            RunSettings run = BerthDaemon.runSettings(settings, HelperFiles.unpack(dataDir));
            this.runs = new AgentRuns(head, workspace, signals, runtime, run.stopGrace());
            // volumes are this machine's paths, under the head's default rules: an agent allows nothing beyond them
            SpecPolicy policy = new SpecPolicy(List.of(dataDir, BerthHome.path()), List.of(), false,
                    NetworkConfig.defaults());
            this.results = new ResultsCollector(new FileJobEventSource(dataDir), new HeadResults(head, runs));
            this.runner = new JobRunner(new HeadJobRecords(head, runs, workspace), bundles, workspace, runtime,
                    new DockerDependencyImages(docker, engine, config.dependencyInstallCommand(),
                            DependencyInstall.AGENT_OPERATOR_SOURCE, config.dependencyInstallTimeout()),
                    results, Clock.systemUTC(), run, policy, signals);
        } catch (IOException e) {
            docker.close();
            throw new UncheckedIOException("cannot make the agent's data directory " + dataDir, e);
        } catch (RuntimeException e) {
            docker.close();
            throw e;
        }
        this.poller = new Thread(this::pollForWork, "agent-work");
        poller.setDaemon(true);
    }

    /** Starts taking work from the head. */
    static AgentEngine start(AgentConfig config, AgentChannel head, Path dataDir) {
        AgentEngine engine = new AgentEngine(config, head, dataDir);
        engine.takeUpOrRemoveContainers();
        engine.poller.start();
        engine.collecting.scheduleWithFixedDelay(engine::collectResults, 500, 500, TimeUnit.MILLISECONDS);
        return engine;
    }

    private void pollForWork() {
        while (!closed) {
            try {
                byte[] running = json.writeValueAsBytes(new AgentProtocol.Running(runs.running()));
                AgentProtocol.WorkOrder order = json.readValue(head.work(running, POLL), AgentProtocol.WorkOrder.class);
                if (closed) {
                    return; // the head offers its jobs again at the next poll, of this agent or its next start
                }
                if (failing) {
                    LOG.info("the head answers again; taking work");
                    failing = false;
                }
                // stopped on the job threads: a container's stop takes up to its grace period
                order.takenBack().forEach(jobId -> jobs.execute(() -> runs.fenced(jobId, "it was given back to the"
                        + " queue or to another agent while this one could not reach the head")));
                boolean waiting = false;
                for (Job job : order.run()) {
                    waiting |= !run(job);
                }
                order.stop().forEach(this::stop);
                if (waiting) {
                    sleep(Duration.ofSeconds(1)); // the head offers the job until it runs: not in a tight loop
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!failing) {
                    LOG.warn("cannot take work from the head (trying again every second): {}", e.getMessage());
                    failing = true;
                }
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * An agent restarted while its containers ran takes up those whose jobs the head still counts as its own in
     * that attempt, following them from where their logs stopped; any other container it made (a job the head gave
     * back to the queue while the agent was away, or one that ended) is removed.
     */
    private void takeUpOrRemoveContainers() {
        for (ManagedContainer container : runtime.listManaged()) {
            if (!container.claimed() || container.jobId() == null) {
                continue;
            }
            Optional<Job> job = headsRecord(container.jobId());
            boolean ours = job.isPresent() && job.get().state().isActive() && !container.dependencyInstall()
                    && job.get().attempt() == container.attempt() && name.equals(job.get().node());
            if (ours) {
                AgentRuns.Run run = runs.start(job.get());
                if (run != null) {
                    LOG.info("job {}: taking up its container {} again", container.jobId(), container.containerId());
                    jobs.execute(() -> {
                        try {
                            runner.resume(run.latest);
                        } finally {
                            runs.end(run);
                        }
                    });
                }
            } else {
                LOG.info("job {}: removing its container {} (attempt {}), which the head no longer counts as this"
                        + " agent's", container.jobId(), container.containerId(), container.attempt());
                runtime.remove(container.containerId());
            }
        }
    }

    /** The job's record at the head; empty if the head does not know it or does not count it as this agent's. */
    private Optional<Job> headsRecord(String jobId) {
        try {
            return Optional.of(json.readValue(head.job(jobId), Job.class));
        } catch (BerthApiException e) {
            if (e.status() == 404 || e.status() == 409) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("the head sent a job record this agent cannot read", e);
        }
    }

    private void collectResults() {
        for (String jobId : runs.jobIds()) {
            try {
                results.collect(jobId);
            } catch (RuntimeException e) {
                LOG.debug("job {}: could not collect its results yet: {}", jobId, e.getMessage());
            }
        }
    }

    /** Starts running the job; false if it must wait for this agent's run of an earlier attempt to end first. */
    private boolean run(Job job) {
        AgentRuns.Run run = runs.start(job);
        if (run == null) {
            // offered again (a restarted head): it runs here already; or an earlier attempt's run, taken back by the
            // head, is stopping, and this one starts once it has gone (the job's directory is that run's till then)
            return runs.get(job.id()).map(running -> running.attempt == job.attempt()).orElse(false);
        }
        LOG.info("job {}: running attempt {} here", job.id(), job.attempt());
        jobs.execute(() -> {
            try {
                fetchBundle(job.bundleDigest());
                runner.run(run.latest);
            } catch (RuntimeException e) {
                LOG.error("job {}: could not run it: {}", job.id(), e.getMessage(), e);
            } finally {
                runs.end(run);
            }
        });
        return true;
    }

    private void stop(String jobId) {
        runs.get(jobId).ifPresent(run -> jobs.execute(() -> {
            try {
                runner.stop(run.latest);
            } catch (RuntimeException e) {
                LOG.warn("job {}: could not stop it: {}", jobId, e.getMessage());
            }
        }));
    }

    /** Fetches the bundle from the head unless this agent has it: once per digest, however many jobs use it. */
    private synchronized void fetchBundle(String digest) {
        if (bundles.contains(digest)) {
            return;
        }
        Path fetched = incoming.resolve(digest + ".fetched");
        try {
            HeadCalls.call("send bundle " + digest, () -> head.fetchBundle(digest, fetched))
                    .orElseThrow(() -> new IllegalStateException("the head has no bundle " + digest));
            try (InputStream in = Files.newInputStream(fetched)) {
                bundles.put(digest, in); // checks the digest, and the entries as unpacking will
            }
            LOG.info("fetched bundle {} from the head", digest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep bundle " + digest, e);
        } finally {
            try {
                Files.deleteIfExists(fetched);
            } catch (IOException e) {
                LOG.debug("could not remove {}: {}", fetched, e.getMessage());
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking work; jobs running now are left running (their containers go on), as a stopping server does. */
    @Override
    public void close() {
        closed = true;
        head.stopPolling(); // the poll for work ends now, not when the head answers it
        poller.interrupt();
        collecting.shutdownNow();
        runner.leaveRunningJobs();
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runs.close();
        runner.close();
        docker.close();
    }
}
