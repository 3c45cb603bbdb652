package io.berth.daemon.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory ContainerRuntime for unit tests of the core. A container's command says what it does:
 * {@code echo <text>} prints and exits 0, {@code exit <n>} exits n, {@code block} runs until stopped,
 * {@code exit-before-attempt <k> <n>} exits n on attempts before k and 0 from k on, {@code engine-fault}
 * cannot be started for a reason of the engine's, {@code vanish-before-attempt <k>} has its container
 * disappear on attempts before k and exits 0 from k on, {@code engine-away} exits 0 but the engine fails to
 * say so once, {@code engine-away-and-gone-before-attempt <k>} loses the container with the engine on attempts
 * before k, {@code engine-shutdown-before-attempt <k>} is stopped (143) by an engine shutting down on attempts
 * before k, {@code engine-away-exit-before-attempt <k> <n>} exits n while the engine is away on attempts before
 * k (found exited when it is back) and 0 from k on, {@code engine-gone-at-start} finds the engine gone as it is
 * started the first time, {@code engine-gone-after-start} goes away as its start is answered though the
 * container did start (the first time), {@code never-says-exit} runs and exits but waiting for it always
 * fails while the engine answers. An engine that goes away by itself is back after {@link #LOOKS_AWAY} looks at it
 * (probes, listings, starts); {@link #setAnswering} takes it away until told otherwise. The image
 * {@code missing} does not exist. An exit carries the moment its container ended, as the engine's does.
 */
public final class FakeContainerRuntime implements ContainerRuntime {
    /** A label that makes a container look made before servers named theirs (no {@code berth.server}). */
    public static final String UNCLAIMED = "test.unclaimed";

    private final Map<String, FakeContainer> containers = new ConcurrentHashMap<>();
    private final List<ContainerSpec> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile boolean down;
    /** When each start of an "engine-fault-at-start" job was tried, by job id. */
    private final Map<String, List<Instant>> startTries = new ConcurrentHashMap<>();
    private final AtomicInteger looksAway = new AtomicInteger();
    private volatile boolean goneAtStartOnce = true;
    static final int LOOKS_AWAY = 2;

    private static final class FakeContainer {
        final ContainerSpec spec;
        final CountDownLatch ended = new CountDownLatch(1);
        volatile int exitCode;
        volatile Instant endedAt;
        volatile boolean vanished;
        volatile boolean engineLost;
        volatile boolean goneWithTheEngine;
        volatile boolean neverSaysExit;

        FakeContainer(ContainerSpec spec) {
            this.spec = spec;
        }
    }

    @Override
    public String start(ContainerSpec spec) {
        if (!lookAtEngine()) {
            throw new ContainerRuntimeException("could not create container " + spec.name() + ": connection refused");
        }
        if (spec.command().get(0).equals("engine-gone-at-start") && goneAtStartOnce) {
            goneAtStartOnce = false;
            goAway();
            throw new ContainerRuntimeException("could not start container " + spec.name() + ": connection reset");
        }
        if (spec.command().get(0).equals("engine-gone-after-start") && goneAtStartOnce) {
            goneAtStartOnce = false;
            String id = "fake-" + ids.incrementAndGet();
            FakeContainer container = new FakeContainer(spec);
            containers.put(id, container);
            started.add(spec);
            end(container, 0);
            goAway();
            throw new ContainerRuntimeException("could not start container " + spec.name() + ": connection reset");
        }
        if (spec.command().get(0).equals("engine-fault-at-start")) {
            String jobId = spec.labels().get(ContainerLabels.JOB_ID);
            List<Instant> tries = startTries.computeIfAbsent(jobId, id -> new java.util.concurrent.CopyOnWriteArrayList<>());
            tries.add(Instant.now());
            if (tries.size() <= Integer.parseInt(spec.command().get(1))) {
                throw new EngineFaultException("its network bridge is missing", "could not start container "
                        + spec.name() + ": could not find bridge docker0", null);
            }
        }
        if (spec.image().equals("missing")) {
            throw new ImageNotFoundException(spec.image(), null);
        }
        String id = "fake-" + ids.incrementAndGet();
        FakeContainer container = new FakeContainer(spec);
        containers.put(id, container);
        started.add(spec);
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        List<String> command = spec.command();
        int attempt = Integer.parseInt(spec.environment().get("BERTH_ATTEMPT"));
        switch (command.get(0)) {
            case "echo" -> end(container, 0);
            case "exit" -> end(container, Integer.parseInt(command.get(1)));
            case "exit-before-attempt" -> end(container,
                    attempt < Integer.parseInt(command.get(1)) ? Integer.parseInt(command.get(2)) : 0);
            case "vanish-before-attempt" -> {
                container.vanished = attempt < Integer.parseInt(command.get(1));
                end(container, 0);
            }
            case "engine-away" -> { // the engine stops answering once, then answers with the container still there
                container.engineLost = true;
                end(container, 0);
            }
            case "engine-away-and-gone-before-attempt" -> { // ... without the container, on attempts before k
                container.engineLost = attempt < Integer.parseInt(command.get(1));
                container.goneWithTheEngine = true;
                end(container, 0);
            }
            case "engine-shutdown-before-attempt" -> {
                if (attempt < Integer.parseInt(command.get(1))) {
                    goAway(); // it stops listening first, then stops its containers
                    end(container, 143);
                } else {
                    end(container, 0);
                }
            }
            case "engine-away-exit-before-attempt" -> {
                if (attempt < Integer.parseInt(command.get(1))) {
                    goAway(); // the follow breaks; the container ends while nobody can see it
                    container.engineLost = true;
                    end(container, Integer.parseInt(command.get(2)));
                } else {
                    end(container, 0);
                }
            }
            case "engine-gone-at-start", "engine-gone-after-start", "engine-fault-at-start" -> end(container, 0);
            case "never-says-exit" -> {
                container.neverSaysExit = true;
                end(container, 0);
            }
            case "block" -> { } // until stopped
            case "engine-fault" -> {
                containers.remove(id);
                running.decrementAndGet();
                throw new ContainerRuntimeException("the engine is not answering");
            }
            default -> throw new ContainerStartException("no such executable: " + command.get(0), null);
        }
        return id;
    }

    private void end(FakeContainer container, int code) {
        if (container.ended.getCount() > 0) {
            container.exitCode = code;
            container.endedAt = Instant.now();
            running.decrementAndGet();
            container.ended.countDown();
        }
    }

    @Override
    public void followLogs(String containerId, OutputStream sink, long skipBytes) {
        FakeContainer container = containers.get(containerId);
        List<String> command = container.spec.command();
        try {
            if (command.get(0).equals("echo")) {
                sink.write((String.join(" ", command.subList(1, command.size())) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            container.ended.await(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ExitStatus awaitExit(String containerId) {
        FakeContainer container = containers.get(containerId);
        try {
            container.ended.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (container.vanished) {
            throw new ContainerGoneException("container " + containerId + " is gone", null);
        }
        if (container.neverSaysExit) {
            throw new ContainerRuntimeException("the engine gave no exit code for container " + containerId);
        }
        if (container.engineLost) {
            container.engineLost = false; // the engine is back for the next call
            if (container.goneWithTheEngine) {
                containers.remove(containerId);
            }
            throw new ContainerRuntimeException("could not wait for container " + containerId + ": connection reset");
        }
        return new ExitStatus(container.exitCode, false, container.endedAt);
    }

    @Override
    public void stop(String containerId, Duration grace) {
        FakeContainer container = containers.get(containerId);
        if (container != null) {
            end(container, 143);
        }
    }

    @Override
    public void remove(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public boolean imageExists(String image) {
        return !image.equals("missing");
    }

    @Override
    public boolean hasFile(String containerId, String path) {
        return true;
    }

    @Override
    public boolean engineAnswers() {
        return lookAtEngine();
    }

    /** The engine answers, or (false) is down until told otherwise. */
    public void setAnswering(boolean answering) {
        this.down = !answering;
    }

    /** The engine stops answering, and is back after {@link #LOOKS_AWAY} looks at it. */
    private void goAway() {
        looksAway.set(LOOKS_AWAY);
    }

    /** Whether the engine answers this look; each look while it is away by itself brings it nearer. */
    private boolean lookAtEngine() {
        return !down && looksAway.getAndUpdate(left -> Math.max(0, left - 1)) == 0;
    }

    @Override
    public List<ManagedContainer> listManaged() {
        if (!lookAtEngine()) {
            throw new ContainerRuntimeException("could not list containers: connection refused");
        }
        return containers.entrySet().stream()
                .map(e -> {
                    Map<String, String> labels = e.getValue().spec.labels();
                    boolean install = ContainerLabels.DEPENDENCY_BUILD.equals(labels.get(ContainerLabels.ROLE));
                    String attempt = labels.get(ContainerLabels.ATTEMPT);
                    return new ManagedContainer(e.getKey(),
                            labels.get(install ? ContainerLabels.INSTALL_FOR : ContainerLabels.JOB_ID),
                            attempt == null ? 1 : Integer.parseInt(attempt), e.getValue().ended.getCount() > 0, true,
                            install, !labels.containsKey(UNCLAIMED));
                })
                .toList();
    }

    /** The spec the job's latest container was started with. */
    /** When each start of an "engine-fault-at-start" job was tried. */
    public List<Instant> startTries(String jobId) {
        return startTries.getOrDefault(jobId, List.of());
    }

    public ContainerSpec specOf(String jobId) {
        return started.stream()
                .filter(spec -> jobId.equals(spec.labels().get(ContainerLabels.JOB_ID)))
                .reduce((first, second) -> second).orElseThrow();
    }

    /** Every container started, in order. */
    public List<ContainerSpec> started() {
        return List.copyOf(started);
    }

    public int mostRunningAtOnce() {
        return mostAtOnce.get();
    }

    public int containerCount() {
        return containers.size();
    }

    /** Ends every blocking container with exit code 0. */
    public void finishAll() {
        containers.values().forEach(c -> end(c, 0));
    }
}
