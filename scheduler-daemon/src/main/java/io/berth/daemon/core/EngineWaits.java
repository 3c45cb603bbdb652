package io.berth.daemon.core;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How a run waits out a Docker engine that went away (stopped, restarting): it looks again every
 * {@code pause} until the engine answers. There is no time limit: nothing can run while the engine is
 * away, and a job given up while its container may still run (live-restore) could run twice. The server
 * stopping ends every wait; a stop request ends the waits that can end the job without its container.
 */
final class EngineWaits {
    /** How a wait ended. */
    enum Outcome { ENGINE_BACK, STOP_REQUESTED, SERVER_STOPPING }

    private final ContainerRuntime runtime;
    private final JobRecords store;
    private final BooleanSupplier serverStopping;
    private final Duration pause;

    EngineWaits(ContainerRuntime runtime, JobRecords store, BooleanSupplier serverStopping, Duration pause) {
        this.runtime = runtime;
        this.store = store;
        this.serverStopping = serverStopping;
        this.pause = pause;
    }

    /** Until the engine answers again, someone asks to stop the job, or the server stops. */
    Outcome untilBackOrStopped(Job job) {
        while (!runtime.engineAnswers()) {
            if (serverStopping.getAsBoolean() || !pause()) {
                return Outcome.SERVER_STOPPING;
            }
            if (stopRequested(job)) {
                return Outcome.STOP_REQUESTED;
            }
        }
        return Outcome.ENGINE_BACK;
    }

    /**
     * The container of the job's current attempt once the engine answers and lists it; empty if the engine
     * answers without it. A stop request does not end this wait: the container may run on, and can be
     * stopped only once the engine is back.
     *
     * @throws ServerStoppingException if the server stops first
     */
    Optional<ManagedContainer> containerOf(Job job) {
        while (true) {
            try {
                return currentContainer(job);
            } catch (ContainerRuntimeException stillAway) {
                if (serverStopping.getAsBoolean() || !pause()) {
                    throw new ServerStoppingException("the server stopped while waiting for the Docker engine");
                }
            }
        }
    }

    /** The container of the job's current attempt, as the engine lists it now. */
    Optional<ManagedContainer> currentContainer(Job job) {
        return runtime.listManaged().stream()
                .filter(c -> !c.dependencyInstall() && job.id().equals(c.jobId()) && c.attempt() == job.attempt())
                .findFirst();
    }

    private boolean stopRequested(Job job) {
        try {
            return store.find(job.id()).map(Job::stopRequested).orElse(false);
        } catch (JobStoreException redisAway) {
            return false;
        }
    }

    /** False if interrupted (the server is stopping). */
    private boolean pause() {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server began to stop while a run waited for the engine: the job is left for the next start. */
    static final class ServerStoppingException extends RuntimeException {
        ServerStoppingException(String message) {
            super(message);
        }
    }
}
