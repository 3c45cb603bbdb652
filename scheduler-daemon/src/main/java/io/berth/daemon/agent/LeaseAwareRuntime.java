package io.berth.daemon.agent;

import io.berth.daemon.core.ContainerRuntime;
import io.berth.daemon.core.ContainerSpec;
import io.berth.daemon.core.ExitStatus;
import io.berth.daemon.core.ManagedContainer;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/** The agent's engine, whose exits say when {@link LeaseWatch} made them ({@link ExitStatus#leaseLost()}). */
final class LeaseAwareRuntime implements ContainerRuntime {
    private final ContainerRuntime engine;
    private final LeaseStops stops;

    LeaseAwareRuntime(ContainerRuntime engine, LeaseStops stops) {
        this.engine = engine;
        this.stops = stops;
    }

    @Override
    public String start(ContainerSpec spec) {
        return engine.start(spec);
    }

    @Override
    public void followLogs(String containerId, OutputStream sink, long skipBytes) {
        engine.followLogs(containerId, sink, skipBytes);
    }

    @Override
    public ExitStatus awaitExit(String containerId) {
        return told(containerId, engine.awaitExit(containerId));
    }

    @Override
    public ExitStatus followToExit(String containerId, OutputStream sink, long skipBytes) {
        return told(containerId, engine.followToExit(containerId, sink, skipBytes));
    }

    @Override
    public void stop(String containerId, Duration grace) {
        engine.stop(containerId, grace);
    }

    @Override
    public void remove(String containerId) {
        engine.remove(containerId);
        stops.forget(containerId);
    }

    @Override
    public boolean imageExists(String image) {
        return engine.imageExists(image);
    }

    @Override
    public boolean hasFile(String containerId, String path) {
        return engine.hasFile(containerId, path);
    }

    @Override
    public boolean engineAnswers() {
        return engine.engineAnswers();
    }

    @Override
    public List<ManagedContainer> listManaged() {
        return engine.listManaged();
    }

    /** An exit 0 is the job's own, noted or not: it ended by itself as the watch came to stop it. */
    private ExitStatus told(String containerId, ExitStatus exit) {
        return exit.exitCode() == 0 ? exit : stops.reason(containerId).map(exit::withLeaseLost).orElse(exit);
    }
}
