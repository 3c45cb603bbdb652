package io.berth.daemon.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerRuntimeException;
import io.berth.daemon.core.DependencyImages;
import io.berth.daemon.core.DependencyInstall;
import io.berth.daemon.core.DependencyInstallException;
import io.berth.daemon.core.Job;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DependencyImages} on a Docker engine: a derived image is tagged {@code berth-deps:<first 16 hex digits
 * of its key>} and labelled with the whole key; once it exists, jobs with the same key start from it at once.
 * Jobs with the same key that arrive together build it once (one install under way per key); different keys
 * build at once. When that install fails through the job's own doing (its command, its time limit), the jobs
 * that waited for it fail with it; one arriving after it ended installs again, so no failure is kept.
 */
public final class DockerDependencyImages implements DependencyImages {
    public static final String REPOSITORY = "berth-deps";
    private static final Logger LOG = LoggerFactory.getLogger(DockerDependencyImages.class);

    private final DockerClients docker;
    private final ImagePuller puller;
    private final DockerContainerRuntime runtime;
    private final DependencyImageBuild builds;
    private final String operatorCommand;
    private final String operatorSource;
    private final ConcurrentMap<String, Install> installs = new ConcurrentHashMap<>();

    /** The install under way for a key, and how it ended: empty unless it failed through the job's own doing. */
    private record Install(String jobId, CompletableFuture<Optional<DependencyInstallException>> failure) {}

    /**
     * @param operatorCommand the operator's {@code dependency_install_command}, or null
     * @param operatorSource  where that command is set, as failures name it ({@link DependencyInstall#OPERATOR_SOURCE})
     * @param timeout         how long one install may run before it is stopped
     */
    public DockerDependencyImages(DockerClients docker, DockerContainerRuntime runtime, String operatorCommand,
                                  String operatorSource, Duration timeout) {
        this.docker = docker;
        this.puller = new ImagePuller(docker, DockerContainerRuntime.DEFAULT_PULL_TIMEOUT);
        this.runtime = runtime;
        this.builds = new DependencyImageBuild(docker, runtime, timeout);
        this.operatorCommand = operatorCommand;
        this.operatorSource = operatorSource;
    }

    private static String tagOf(String key) {
        return REPOSITORY + ":" + key.substring(0, 16);
    }

    @Override
    public String imageFor(Job job, Path jobSource, OutputStream log) {
        Optional<DependencyInstall> install = DependencyInstall.forProject(jobSource, operatorCommand, operatorSource);
        if (install.isEmpty()) {
            return job.spec().image();
        }
        BaseImage base = BaseImage.resolve(docker, puller, job.spec().image());
        String key = install.get().key(base.id());
        DependencyImageBuild.Target target = new DependencyImageBuild.Target(job, install.get(), base, key, tagOf(key));
        boolean said = false;
        while (true) {
            Install mine = new Install(job.id(), new CompletableFuture<>());
            Install running = installs.putIfAbsent(key, mine);
            if (running == null) {
                return installAs(mine, target, jobSource, log);
            }
            if (!said) {
                say(log, "berth: waiting for another job installing the same dependencies into " + target.tag());
                said = true;
            }
            Optional<DependencyInstallException> failure = awaitEnd(running, target);
            if (failure.isPresent()) {
                throw failure.get().sharedBy(running.jobId());
            }
            // it worked (the image is there now), or it was cut short by the engine or the server: try again
        }
    }

    private String installAs(Install mine, DependencyImageBuild.Target target, Path jobSource, OutputStream log) {
        Optional<DependencyInstallException> failure = Optional.empty();
        try {
            return reuseOrBuild(target, jobSource, log);
        } catch (DependencyInstallException e) {
            if (isTheJobsOwn()) {
                failure = Optional.of(e);
            }
            throw e;
        } finally {
            installs.remove(target.key(), mine); // a job arriving from now on installs again
            mine.failure().complete(failure);
        }
    }

    /**
     * An install stopped by the engine going away or by the server stopping says nothing about the
     * dependencies; ContainerStarts does not count it against the job either.
     */
    private boolean isTheJobsOwn() {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        try {
            return runtime.engineAnswers();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String reuseOrBuild(DependencyImageBuild.Target target, Path jobSource, OutputStream log) {
        String source = target.install().source();
        if (exists(target)) {
            say(log, "berth: dependencies from " + source + " already installed in " + target.tag());
            return target.tag();
        }
        LOG.info("job {}: installing dependencies from {} into {} (from {})", target.job().id(), source,
                target.tag(), target.base().name());
        say(log, "berth: installing dependencies from " + source + " into " + target.tag() + ", from "
                + target.base().name());
        long started = System.nanoTime();
        builds.build(target, jobSource, log);
        String took = String.format("%.1f s", (System.nanoTime() - started) / 1e9);
        LOG.info("job {}: dependencies installed in {} in {}", target.job().id(), target.tag(), took);
        say(log, "berth: dependencies installed in " + target.tag() + " in " + took);
        return target.tag();
    }

    /** The tag holds this very key: 16 hex digits are a name, not a proof. */
    private boolean exists(DependencyImageBuild.Target target) {
        try {
            InspectImageResponse image = docker.call(c -> c.inspectImageCmd(target.tag()).exec());
            return image.getConfig() != null && image.getConfig().getLabels() != null
                    && target.key().equals(image.getConfig().getLabels().get(ContainerLabels.DEPENDENCY_KEY));
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw new ContainerRuntimeException("could not inspect image " + target.tag() + ": "
                    + DockerErrors.describe(e), e);
        }
    }

    private static Optional<DependencyInstallException> awaitEnd(Install running, DependencyImageBuild.Target target) {
        try {
            return running.failure().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted waiting for " + target.tag() + " to be built", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an install's end is never exceptional", e);
        }
    }

    private static void say(OutputStream log, String line) {
        try {
            log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the job's log", e);
        }
    }
}
