package io.berth.daemon.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerRuntimeException;
import io.berth.daemon.core.DependencyImages;
import io.berth.daemon.core.DependencyInstall;
import io.berth.daemon.core.Job;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DependencyImages} on a Docker engine: a derived image is tagged {@code berth-deps:<first 16 hex digits
 * of its key>} and labelled with the whole key; once it exists, jobs with the same key start from it at once.
 * Jobs with the same key that arrive together build it once (one lock per key); different keys build at once.
 */
public final class DockerDependencyImages implements DependencyImages {
    public static final String REPOSITORY = "berth-deps";
    private static final Logger LOG = LoggerFactory.getLogger(DockerDependencyImages.class);

    private final DockerClients docker;
    private final ImagePuller puller;
    private final DependencyImageBuild builds;
    private final String operatorCommand;
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param operatorCommand server.yaml's {@code dependency_install_command}, or null
     * @param timeout         how long one install may run before it is stopped
     */
    public DockerDependencyImages(DockerClients docker, DockerContainerRuntime runtime, String operatorCommand,
                                  Duration timeout) {
        this.docker = docker;
        this.puller = new ImagePuller(docker.streams(), DockerContainerRuntime.DEFAULT_PULL_TIMEOUT);
        this.builds = new DependencyImageBuild(docker, runtime, timeout);
        this.operatorCommand = operatorCommand;
    }

    private static String tagOf(String key) {
        return REPOSITORY + ":" + key.substring(0, 16);
    }

    @Override
    public String imageFor(Job job, Path jobSource, OutputStream log) {
        Optional<DependencyInstall> install = DependencyInstall.forProject(jobSource, operatorCommand);
        if (install.isEmpty()) {
            return job.spec().image();
        }
        BaseImage base = BaseImage.resolve(docker, puller, job.spec().image());
        String key = install.get().key(base.id());
        DependencyImageBuild.Target target = new DependencyImageBuild.Target(job, install.get(), base, key, tagOf(key));
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            say(log, "berth: waiting for another job installing the same dependencies into " + target.tag());
            lockInterruptibly(lock, target);
        }
        try {
            return reuseOrBuild(target, jobSource, log);
        } finally {
            lock.unlock();
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

    private static void lockInterruptibly(ReentrantLock lock, DependencyImageBuild.Target target) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted waiting for " + target.tag() + " to be built", e);
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
