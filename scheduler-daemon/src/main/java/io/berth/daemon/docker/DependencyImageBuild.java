package io.berth.daemon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerRuntimeException;
import io.berth.daemon.core.ContainerSpec;
import io.berth.daemon.core.ContainerSpecs;
import io.berth.daemon.core.DependencyInstall;
import io.berth.daemon.core.DependencyInstallException;
import io.berth.daemon.core.ExitStatus;
import io.berth.daemon.core.Job;
import io.berth.wire.VolumeMount;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one derived image: runs the install in a container from the base image with the job's files
 * mounted read-only where the job will see them, then commits the result under the derived tag. The install
 * container, and on failure everything made from it, is removed before this returns.
 */
final class DependencyImageBuild {
    private static final Logger LOG = LoggerFactory.getLogger(DependencyImageBuild.class);
    private static final List<String> SHELL = List.of("/bin/sh", "-c");

    private final DockerClients docker;
    private final DockerContainerRuntime runtime;
    private final Duration timeout;

    DependencyImageBuild(DockerClients docker, DockerContainerRuntime runtime, Duration timeout) {
        this.docker = docker;
        this.runtime = runtime;
        this.timeout = timeout;
    }

    /** The image to build and what it is made of. */
    record Target(Job job, DependencyInstall install, BaseImage base, String key, String tag) {}

    void build(Target target, Path jobSource, OutputStream log) {
        ContainerSpec spec = installContainer(target, jobSource);
        runtime.remove(spec.name()); // one an earlier try of this attempt left, if the engine went away meanwhile
        String containerId = runtime.start(spec);
        try {
            install(target, containerId, log);
            commit(target, containerId);
        } finally {
            runtime.remove(containerId);
        }
    }

    private ContainerSpec installContainer(Target target, Path jobSource) {
        Job job = target.job();
        return ContainerSpec.builder("berth-deps-" + job.id() + "-" + job.attempt(), target.base().id())
                .entrypoint(SHELL)
                .command(List.of(target.install().command()))
                .workingDir(ContainerSpecs.SOURCE_DIR)
                .volumes(List.of(new VolumeMount(jobSource.toAbsolutePath().toString(), ContainerSpecs.SOURCE_DIR,
                        true)))
                .labels(Map.of(ContainerLabels.ROLE, ContainerLabels.DEPENDENCY_BUILD,
                        ContainerLabels.DEPENDENCY_KEY, target.key(),
                        ContainerLabels.INSTALL_FOR, job.id(),
                        ContainerLabels.ATTEMPT, String.valueOf(job.attempt())))
                // as root, as a Dockerfile's RUN before its USER: an image's own user may not write /opt
                .user("0:0")
                .build();
    }

    /** Copies the install's output to the log as it is written; stops it once the time limit has passed. */
    private void install(Target target, String containerId, OutputStream log) {
        AtomicBoolean outOfTime = new AtomicBoolean();
        CompletableFuture<Void> limit = CompletableFuture.runAsync(() -> {
            outOfTime.set(true);
            LOG.info("job {}: stopping its dependency install: it took longer than {} s", target.job().id(),
                    timeout.toSeconds());
            try {
                runtime.stop(containerId, Duration.ZERO);
            } catch (ContainerRuntimeException e) {
                LOG.warn("job {}: could not stop its dependency install: {}", target.job().id(), e.getMessage());
            }
        }, CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
        ExitStatus exit;
        try {
            runtime.followLogs(containerId, log);
            exit = runtime.awaitExit(containerId);
        } finally {
            limit.cancel(false);
        }
        if (exit.exitCode() != 0) {
            String source = target.install().source();
            throw outOfTime.get()
                    ? DependencyInstallException.timedOut(source, timeout)
                    : DependencyInstallException.failed(source, exit.exitCode());
        }
    }

    /**
     * The install's files as a layer, then the derived image on top of it with the base's configuration
     * (see {@link DerivedImageConfig}). On failure no tag is left, and no untagged layer either.
     */
    private void commit(Target target, String installContainerId) {
        String layer = call("commit the dependency install container " + installContainerId,
                c -> c.commitCmd(installContainerId).exec());
        try {
            tag(target, layer);
        } catch (RuntimeException e) {
            removeImage(layer);
            throw e;
        }
    }

    private void tag(Target target, String layer) {
        DerivedImageConfig config = DerivedImageConfig.of(target.base().config(), target.base().name(), target.key());
        String container = call("create a container from " + layer,
                c -> config.applyTo(c.createContainerCmd(layer)).exec().getId());
        try {
            String[] repositoryAndTag = target.tag().split(":", 2);
            call("commit " + target.tag(), c -> c.commitCmd(container)
                    .withRepository(repositoryAndTag[0]).withTag(repositoryAndTag[1]).exec());
        } finally {
            runtime.remove(container);
        }
    }

    private void removeImage(String image) {
        try {
            docker.call(c -> c.removeImageCmd(image).withForce(true).exec());
        } catch (NotFoundException gone) {
            LOG.debug("image {} was already removed", image);
        } catch (RuntimeException e) {
            LOG.warn("could not remove the unfinished dependency image {}: {}", image, DockerErrors.describe(e));
        }
    }

    private <T> T call(String action, Function<DockerClient, T> call) {
        try {
            return docker.call(call);
        } catch (RuntimeException e) {
            throw new ContainerRuntimeException("could not " + action + ": " + DockerErrors.describe(e), e);
        }
    }
}
