package io.berth.daemon.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import io.berth.daemon.core.ContainerGoneException;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerRuntime;
import io.berth.daemon.core.ContainerRuntimeException;
import io.berth.daemon.core.ContainerSpec;
import io.berth.daemon.core.ContainerStartException;
import io.berth.daemon.core.EngineFaultException;
import io.berth.daemon.core.ExitStatus;
import io.berth.daemon.core.ImageNotFoundException;
import io.berth.daemon.core.ManagedContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} on a Docker engine through docker-java. Every docker-java failure is
 * rethrown here as a {@link ContainerRuntimeException} naming the container or image.
 */
public final class DockerContainerRuntime implements ContainerRuntime {
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);
    /** How often a removal someone else began is looked at until it is done. */
    private static final Duration REMOVAL_POLL = Duration.ofMillis(50);
    /** Networks every engine has, which cannot be missing. */
    private static final java.util.Set<String> BUILT_IN_NETWORKS = java.util.Set.of("none", "bridge", "host", "default");

    private final DockerClients docker;
    private final ImagePuller puller;
    /** The server whose containers these are, or null to make unowned ones and see every Berth container. */
    private final String serverId;

    /** A runtime for tools and tests: its containers belong to no server, and it lists every Berth container. */
    public DockerContainerRuntime(DockerClients docker) {
        this(docker, DEFAULT_PULL_TIMEOUT, null);
    }

    /**
     * @param serverId the server this runtime works for: every container it makes is labelled with it, and
     *                 it lists only that server's containers (and those made before servers labelled theirs),
     *                 so servers sharing an engine never take up or remove each other's
     */
    public DockerContainerRuntime(DockerClients docker, Duration pullTimeout, String serverId) {
        this.docker = docker;
        this.puller = new ImagePuller(docker, pullTimeout);
        this.serverId = serverId;
    }

    @Override
    public String start(ContainerSpec spec) {
        String id = create(spec);
        try {
            docker.call(c -> c.startContainerCmd(id).exec());
        } catch (RuntimeException e) {
            removeAfterFailedStart(id, spec);
            throw startFailure(spec, "start", e);
        }
        LOG.info("started container {} ({}) from {} for job {}", spec.name(), shortId(id), spec.image(),
                spec.labels().get(ContainerLabels.JOB_ID));
        return id;
    }

    private String create(ContainerSpec spec) {
        requireNetwork(spec);
        try {
            return createOnce(spec);
        } catch (NotFoundException noImage) {
            LOG.info("image {} is not on the engine, for container {}", spec.image(), spec.name());
        } catch (RuntimeException e) {
            throw startFailure(spec, "create", e);
        }
        puller.pull(spec.image());
        try {
            return createOnce(spec);
        } catch (NotFoundException stillNoImage) {
            throw new ImageNotFoundException(spec.image(), stillNoImage);
        } catch (RuntimeException e) {
            throw startFailure(spec, "create", e);
        }
    }

    /**
     * A named network must exist: the engine would answer its absence with the same 404 as a missing image,
     * and a network the job named but the server lacks is the job's fault, not one a retry mends.
     */
    private void requireNetwork(ContainerSpec spec) {
        String network = spec.network();
        if (network == null || BUILT_IN_NETWORKS.contains(network)) {
            return;
        }
        try {
            docker.call(c -> c.inspectNetworkCmd().withNetworkId(network).exec());
        } catch (NotFoundException e) {
            throw new ContainerStartException("container " + spec.name() + " could not start: the Docker network '"
                    + network + "' (worker.network) does not exist on the server's engine", e);
        } catch (RuntimeException e) {
            throw startFailure(spec, "create", e);
        }
    }

    private String createOnce(ContainerSpec spec) {
        ContainerSpec owned = serverId == null ? spec : spec.withLabel(ContainerLabels.SERVER, serverId);
        List<String> imageEnvironment = spec.pythonPath().isEmpty() ? List.of() : imageEnvironment(spec.image());
        return docker.call(c -> ContainerSpecMapper.apply(owned, c.createContainerCmd(owned.image()), imageEnvironment)
                .exec().getId());
    }

    /** @throws NotFoundException if the engine has no such image */
    private List<String> imageEnvironment(String image) {
        var config = docker.call(c -> c.inspectImageCmd(image).exec().getConfig());
        return config == null || config.getEnv() == null ? List.of() : List.of(config.getEnv());
    }

    private void removeAfterFailedStart(String id, ContainerSpec spec) {
        try {
            remove(id);
        } catch (ContainerRuntimeException e) {
            LOG.warn("container {} ({}) did not start and could not be removed; the reaper will: {}",
                    spec.name(), shortId(id), e.getMessage());
        }
    }

    /** A failed create or start, as the job's own fault (with a hint where one helps), the engine's, or unclear. */
    private static ContainerRuntimeException startFailure(ContainerSpec spec, String step, RuntimeException e) {
        String failed = "could not " + step + " container " + spec.name() + " from image " + spec.image() + ": "
                + describe(e);
        return switch (DockerErrors.faultOf(e)) {
            case JOB -> new ContainerStartException("container " + spec.name() + " could not start: " + describe(e)
                    + DockerErrors.hint(e).map(hint -> "; " + hint).orElse(""), e);
            case ENGINE -> new EngineFaultException(DockerErrors.engineCause(e), failed, e);
            case UNKNOWN -> new ContainerRuntimeException(failed, e);
        };
    }

    @Override
    public void followLogs(String containerId, OutputStream sink, long skipBytes) {
        followToExit(containerId, sink, skipBytes);
    }

    @Override
    public ExitStatus followToExit(String containerId, OutputStream sink, long skipBytes) {
        LogCopier followed = copyLogs(containerId, sink, true, skipBytes);
        // The engine can end a follow when the container exits, before its log driver has written the
        // container's last output. Once the exit is recorded the log is whole: add what the follow missed.
        ExitStatus exit = awaitExit(containerId);
        copyLogs(containerId, sink, false, Math.max(skipBytes, followed.position()));
        return exit;
    }

    private LogCopier copyLogs(String containerId, OutputStream sink, boolean follow, long alreadyCopied) {
        LogCopier copier = new LogCopier(sink, alreadyCopied);
        try {
            docker.streams().logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(follow)
                    .exec(copier)
                    .awaitEnd();
            sink.flush();
            return copier;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            copier.closeQuietly();
            throw new ContainerRuntimeException("interrupted following the logs of container " + containerId, e);
        } catch (IOException e) {
            throw new ContainerRuntimeException("could not write the logs of container " + containerId, e);
        } catch (RuntimeException e) {
            throw failure("follow the logs of", containerId, e);
        }
    }

    @Override
    public ExitStatus awaitExit(String containerId) {
        ExitCodeCallback wait = new ExitCodeCallback();
        try {
            docker.streams().waitContainerCmd(containerId).exec(wait).awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            wait.closeQuietly();
            throw new ContainerRuntimeException("interrupted waiting for container " + containerId, e);
        } catch (RuntimeException e) {
            throw failure("wait for", containerId, e);
        }
        if (wait.exitCode() == null) {
            throw new ContainerRuntimeException("the engine gave no exit code for container " + containerId);
        }
        return exitStatus(containerId, wait.exitCode());
    }

    /**
     * The exit as the engine recorded it: whether it killed the container at its memory limit, and when
     * it ended (which, for a container that ended while no server ran, is not when Berth learns of it).
     * A container being removed (a {@code docker rm -f} from outside Berth kills it first) or already gone
     * did not end by itself: that is reported as gone.
     */
    private ExitStatus exitStatus(String containerId, int exitCode) {
        InspectContainerResponse.ContainerState state;
        try {
            state = docker.call(c -> c.inspectContainerCmd(containerId).exec().getState());
        } catch (RuntimeException e) {
            throw failure("inspect", containerId, e);
        }
        if ("removing".equals(state.getStatus())) {
            throw new ContainerGoneException("container " + containerId + " was removed while it ran", null);
        }
        return new ExitStatus(exitCode, Boolean.TRUE.equals(state.getOOMKilled()),
                DockerStatus.finishedAt(state.getFinishedAt()));
    }

    @Override
    public void stop(String containerId, Duration grace) {
        // whole seconds, rounded up: the engine's stop timeout has no finer unit
        int seconds = (int) Math.min(Integer.MAX_VALUE, grace.plusNanos(999_999_999).toSeconds());
        try {
            docker.slowCall(Duration.ofSeconds(seconds),
                    c -> c.stopContainerCmd(containerId).withTimeout(seconds).exec());
            LOG.info("stopped container {} (grace {} s)", shortId(containerId), seconds);
        } catch (NotFoundException | NotModifiedException alreadyStopped) {
            LOG.debug("container {} was already stopped or gone", shortId(containerId));
        } catch (RuntimeException e) {
            throw failure("stop", containerId, e);
        }
    }

    @Override
    public void remove(String containerId) {
        try {
            docker.call(c -> c.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec());
            LOG.debug("removed container {}", shortId(containerId));
        } catch (NotFoundException gone) {
            LOG.debug("container {} was already removed", shortId(containerId));
        } catch (ConflictException e) {
            if (!String.valueOf(e.getMessage()).contains("already in progress")) {
                throw failure("remove", containerId, e);
            }
            // someone else is removing it: wait for them, so a container of the same name can follow it
            awaitRemoved(containerId);
        } catch (RuntimeException e) {
            throw failure("remove", containerId, e);
        }
    }

    private void awaitRemoved(String containerId) {
        long deadline = System.nanoTime() + docker.callTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                docker.call(c -> c.inspectContainerCmd(containerId).exec());
            } catch (NotFoundException gone) {
                return;
            } catch (RuntimeException e) {
                throw failure("wait for the removal of", containerId, e);
            }
            try {
                Thread.sleep(REMOVAL_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException("interrupted waiting for container " + containerId
                        + " to be removed", e);
            }
        }
        throw new ContainerRuntimeException("container " + containerId + " was still being removed after "
                + docker.callTimeout().toSeconds() + " s");
    }

    @Override
    public boolean imageExists(String image) {
        try {
            docker.call(c -> c.inspectImageCmd(image).exec());
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw new ContainerRuntimeException("could not inspect image " + image + ": " + describe(e), e);
        }
    }

    @Override
    public boolean hasFile(String containerId, String path) {
        try (InputStream archive = docker.call(c -> c.copyArchiveFromContainerCmd(containerId, path).exec())) {
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            throw new ContainerRuntimeException("could not look for " + path + " in container " + containerId + ": "
                    + (e instanceof RuntimeException r ? describe(r) : e.getMessage()), e);
        }
    }

    @Override
    public boolean engineAnswers() {
        return docker.answers();
    }

    @Override
    public List<ManagedContainer> listManaged() {
        try {
            return docker.call(c -> c.listContainersCmd()
                            .withShowAll(true)
                            .withLabelFilter(Map.of(ContainerLabels.MANAGED, "true"))
                            .exec())
                    .stream()
                    .filter(this::isOurs)
                    .map(this::managed)
                    .toList();
        } catch (RuntimeException e) {
            throw new ContainerRuntimeException("could not list Berth's containers on " + docker.host()
                    + ": " + describe(e), e);
        }
    }

    /** This server's, or one no server claims (made before servers labelled theirs). */
    private boolean isOurs(Container c) {
        String owner = ownerOf(c.getLabels());
        return serverId == null || owner == null || owner.equals(serverId);
    }

    /** The server that made it; null if none says (derived images blank the label their install left). */
    private static String ownerOf(Map<String, String> labels) {
        String owner = labels == null ? null : labels.get(ContainerLabels.SERVER);
        return owner == null || owner.isEmpty() ? null : owner;
    }

    private ManagedContainer managed(Container c) {
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        boolean install = ContainerLabels.DEPENDENCY_BUILD.equals(labels.get(ContainerLabels.ROLE));
        return new ManagedContainer(c.getId(), labels.get(install ? ContainerLabels.INSTALL_FOR : ContainerLabels.JOB_ID),
                attempt(labels.get(ContainerLabels.ATTEMPT)), "running".equals(c.getState()),
                !"created".equals(c.getState()), install, serverId == null || ownerOf(labels) != null);
    }

    private static int attempt(String label) {
        try {
            return label == null ? 0 : Integer.parseInt(label);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A failed call about a container, named; a connection that broke under it is not reused. */
    private ContainerRuntimeException failure(String action, String containerId, RuntimeException e) {
        docker.noteFailure(e);
        if (e instanceof NotFoundException) {
            return new ContainerGoneException("could not " + action + " container " + containerId
                    + ": it no longer exists", e);
        }
        return new ContainerRuntimeException("could not " + action + " container " + containerId + ": "
                + describe(e), e);
    }

    private static String describe(RuntimeException e) {
        return e instanceof DockerException d ? DockerErrors.message(d) : String.valueOf(e.getMessage());
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
