package io.berth.daemon.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the container of a job's attempt: its dependencies' image first, if it has any, then the container.
 * Nothing of the job has run before the container starts, so a start that fails while the engine is away
 * costs no attempt: it waits for the engine and is tried again, after removing whatever the failed try left.
 */
final class ContainerStarts {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStarts.class);

    private final ContainerRuntime runtime;
    private final DependencyImages dependencies;
    private final EngineWaits engineWaits;
    private final RunSettings settings;
    private final SpecPolicy policy;

    ContainerStarts(ContainerRuntime runtime, DependencyImages dependencies, EngineWaits engineWaits,
                    RunSettings settings, SpecPolicy policy) {
        this.runtime = runtime;
        this.policy = policy;
        this.dependencies = dependencies;
        this.engineWaits = engineWaits;
        this.settings = settings;
    }

    /**
     * Installs the job's dependencies if it has any, then starts its container.
     *
     * @return the container, or empty if someone asked to stop the job while it waited for the engine
     * @throws SpecRefusedException if the job's spec, as stored, fails the server's policy: nothing was made
     * @throws ContainerRuntimeException if the start failed while the engine answers
     * @throws EngineWaits.ServerStoppingException if the server stopped while the start waited for the engine
     */
    Optional<String> start(Job stored, Path jobDir, OutputStream log) throws IOException {
        Job claimed = checkedAgain(stored);
        boolean said = false;
        while (true) {
            try {
                String image = dependencies.imageFor(claimed, jobDir.resolve(Workspace.SOURCE_DIR_NAME), log);
                return Optional.of(runtime.start(
                        ContainerSpecs.forJob(claimed, jobDir, settings).withImage(image)));
            } catch (ContainerRuntimeException e) {
                if (runtime.engineAnswers()) {
                    throw e;
                }
                if (!said) {
                    LOG.warn("job {}: the Docker engine is away ({}); starting it when the engine is back",
                            claimed.id(), e.getMessage());
                    JobEnds.writeLine(log, "berth: the Docker engine is not answering; the job starts when it is back");
                    said = true;
                }
                switch (engineWaits.untilBackOrStopped(claimed)) {
                    case STOP_REQUESTED -> {
                        return Optional.empty();
                    }
                    case SERVER_STOPPING -> throw new EngineWaits.ServerStoppingException(
                            "the server stopped while job " + claimed.id() + " waited for the Docker engine");
                    case ENGINE_BACK -> {
                        Optional<String> started = takeUpOrRemoveLeftover(claimed);
                        if (started.isPresent()) {
                            return started;
                        }
                    }
                }
            }
        }
    }

    /** The job with its spec as the policy lets it run, checked again: the store is not trusted to hold what was checked. */
    private Job checkedAgain(Job stored) {
        try {
            return stored.toBuilder().spec(policy.checkedAgain(stored.spec())).build();
        } catch (InvalidSubmissionException e) {
            throw new SpecRefusedException(e.getMessage());
        }
    }

    /**
     * What a start that failed as the engine went away left: a container that did start is the job's (taking
     * it up is the only way not to run the job twice); one only created is removed. An engine gone again
     * meanwhile is left to the next try.
     */
    private Optional<String> takeUpOrRemoveLeftover(Job claimed) {
        try {
            Optional<ManagedContainer> leftover = engineWaits.currentContainer(claimed);
            if (leftover.isPresent() && leftover.get().started()) {
                LOG.info("job {}: its container {} started after all; following it", claimed.id(),
                        leftover.get().containerId());
                return Optional.of(leftover.get().containerId());
            }
            leftover.ifPresent(created -> runtime.remove(created.containerId()));
        } catch (ContainerRuntimeException awayAgain) {
            LOG.debug("job {}: the engine went away again: {}", claimed.id(), awayAgain.getMessage());
        }
        return Optional.empty();
    }
}
