package io.berth.bench;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.HostConfig;
import io.berth.config.SchedulingConfig;
import io.berth.config.ServerConfig;
import io.berth.daemon.BerthDaemon;
import io.berth.daemon.core.ContainerLabels;
import io.berth.daemon.core.ContainerSpec;
import io.berth.daemon.core.ContainerSpecs;
import io.berth.daemon.docker.DockerClients;
import io.berth.daemon.docker.DockerContainerRuntime;
import io.berth.sdk.BerthClient;
import io.berth.sdk.Bundle;
import io.berth.sdk.JobSubmitter;
import io.berth.sdk.ProjectBundler;
import io.berth.sdk.Submission;
import io.berth.sdk.SubmitResult;
import io.berth.wire.JobView;
import io.berth.wire.ServerStatus;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.VolumeMount;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Berth against plain Docker on the same machine in the same run (not a test; run it with
 * {@code scripts/bench.sh}, see {@code docs/benchmarks.md}).
 *
 * <ol>
 *   <li><b>Throughput</b>: N jobs whose command is {@code true} submitted at once through the SDK to an
 *   in-process server with K slots, timed from the first submit until the server is idle again with all of
 *   them completed; and the
 *   same N containers at concurrency K with {@code docker run --rm --init IMAGE true} (the docker CLI) and
 *   with docker-java (create, start, wait, remove). Rounds alternate the order.</li>
 *   <li><b>Idle latency</b>: R times, one job submitted to an idle server (bundle already uploaded), from
 *   just before the POST to the job's {@code startedAt} (recorded right after Docker's start call returns);
 *   against Docker's own create + start of a container, timed the same way with docker-java. The two
 *   alternate, one of each per run.</li>
 * </ol>
 *
 * <p>Usage: {@code SchedulerBenchmark [--jobs N] [--slots K] [--latency-runs R] [--rounds M] [--warmup W]
 * [--image IMAGE]}; {@code --warmup}: jobs pushed through Berth before anything is measured.
 * Exit status: 0 when everything ran (whether or not Berth met the targets), 1 when a job or container
 * failed, 2 for bad arguments.
 */
public final class SchedulerBenchmark {
    static final double TARGET_RATIO = 1.0;
    static final double TARGET_EXTRA_LATENCY_MS = 100.0;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration LATENCY_POLL = Duration.ofMillis(10);
    private static final Duration IDLE_PAUSE = Duration.ofMillis(300);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

    private final Options options;
    private final DockerClients docker;
    private final BerthClient client;
    private final JobSubmitter submitter;
    private final Submission submission;
    private final Path scratch;
    private final DockerContainerRuntime runtime;
    private String bundleDigest;

    private SchedulerBenchmark(Options options, DockerClients docker, BerthClient client, Path project, Path scratch) {
        this.options = options;
        this.docker = docker;
        this.client = client;
        this.submitter = new JobSubmitter(client);
        this.submission = Submission.of(project, List.of("true")).withProjectName("bench").withImage(options.image);
        this.scratch = scratch;
        this.runtime = new DockerContainerRuntime(docker);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Path home = Files.createTempDirectory("berth-bench-");
        int status;
        try {
            status = run(options, home);
        } finally {
            deleteTree(home);
        }
        System.exit(status);
    }

    private static int run(Options options, Path home) throws Exception {
        Path project = Files.createDirectories(home.resolve("project"));
        Files.writeString(project.resolve("README.txt"), "a benchmark job: its command is `true`\n");
        Path scratch = Files.createDirectories(home.resolve("scratch"));
        ServerConfig defaults = ServerConfig.defaults(home);
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, 0, defaults.redisAppendfsync(),
                home.resolve("data"), options.slots, options.image, defaults.stopGracePeriod(), "berth-bench", null);
        try (DockerClients docker = DockerClients.fromEnvironment();
             BerthDaemon daemon = BerthDaemon.start(config, "bench")) {
            String engine = docker.call(c -> c.versionCmd().exec().getVersion());
            docker.call(c -> c.inspectImageCmd(options.image).exec());
            BerthClient client = new BerthClient(URI.create("http://127.0.0.1:" + daemon.port()), null);
            System.out.printf(Locale.ROOT, "bench: %d jobs, %d slots, %d latency runs, %d rounds, warm-up %d; "
                            + "image %s; %d CPUs, Docker %s, Java %s %s%n", options.jobs, options.slots,
                    options.latencyRuns, options.rounds, options.warmup, options.image,
                    Runtime.getRuntime().availableProcessors(), engine, System.getProperty("java.version"),
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            SchedulerBenchmark bench = new SchedulerBenchmark(options, docker, client, project, scratch);
            Report report = bench.runAll(engine);
            report.print(System.out);
            return 0;
        } catch (BenchFailure e) {
            System.err.println("bench: FAILED: " + e.getMessage());
            return 1;
        }
    }

    private Report runAll(String engine) throws Exception {
        Report report = new Report(options, engine);
        // the latency runs submit with this bundle; uploaded here so that even --warmup 0 has it
        try (Bundle bundle = new ProjectBundler().bundle(submission.projectDir())) {
            bundleDigest = bundle.sha256();
            if (!client.hasBundle(bundleDigest)) {
                client.uploadBundle(bundleDigest, bundle.file(), null);
            }
        }
        // Docker needs no more than a few containers to be warm; a fresh JVM's JIT compiler keeps working
        // through the first few hundred jobs (docs/benchmarks.md), which --warmup lets a run leave out.
        int dockerWarmup = Math.min(options.warmup, 2 * options.slots);
        System.out.printf("bench: warm-up (%d jobs through berth, %d containers each docker way; not counted)%n",
                options.warmup, dockerWarmup);
        for (int left = options.warmup; left > 0; left -= options.jobs) {
            berthThroughput(Math.min(left, options.jobs));
        }
        dockerCliThroughput(dockerWarmup);
        dockerApiThroughput(dockerWarmup);
        latencyOnce(true);

        for (int round = 1; round <= options.rounds; round++) {
            boolean berthFirst = round % 2 == 1;
            Round r = new Round(round, berthFirst ? "berth, docker run, docker API" : "docker API, docker run, berth");
            if (berthFirst) {
                r.berth = berthThroughput(options.jobs);
                r.dockerRun = dockerCliThroughput(options.jobs);
                r.dockerApi = dockerApiThroughput(options.jobs);
            } else {
                r.dockerApi = dockerApiThroughput(options.jobs);
                r.dockerRun = dockerCliThroughput(options.jobs);
                r.berth = berthThroughput(options.jobs);
            }
            System.out.printf(Locale.ROOT, "bench: round %d (%s): berth %.2f s (all submitted after %.2f s), "
                            + "docker run %.2f s, docker API %.2f s%n", round, r.order, r.berth.wallSeconds,
                    r.berth.submitSeconds, r.dockerRun.wallSeconds, r.dockerApi.wallSeconds);
            report.rounds.add(r);
        }

        System.out.printf("bench: idle latency, %d runs each way, alternating%n", options.latencyRuns);
        for (int i = 0; i < options.latencyRuns; i++) {
            Latency l = latencyOnce(i % 2 == 0);
            report.latencies.add(l);
            System.out.printf(Locale.ROOT, "bench: latency run %d: berth %.1f ms (HTTP in %.1f ms, queued→started "
                            + "%.1f ms), docker create+start %.1f ms, same with Berth's container spec %.1f ms%n",
                    i + 1, l.berthMs, l.berthToCreatedMs, l.berthCreatedToStartedMs, l.dockerMs, l.dockerSpecMs);
        }
        return report;
    }

    // ---------------------------------------------------------------------------------------------
    // throughput

    /**
     * Submits {@code n} jobs through the SDK and waits until the server is idle again (nothing queued, no
     * job active) and every one of their containers is removed, as {@code docker run --rm} waits for the
     * removal (the server removes a container after freeing its slot); they must all have completed. Polls {@code GET /status}, which costs the server a fraction of a {@code GET /jobs}
     * of all jobs, and confirms with one {@code GET /jobs}.
     */
    private BerthRun berthThroughput(int n) throws Exception {
        List<String> ids = new ArrayList<>(n);
        CpuMeter cpu = CpuMeter.start();
        Instant wallStart = Instant.now();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            SubmitResult result = submitter.submit(submission);
            ids.add(result.job().id());
        }
        long submitted = System.nanoTime();
        Set<String> mine = new HashSet<>(ids);
        List<JobView> views;
        long deadline = start + JOB_TIMEOUT.toNanos();
        while (true) {
            ServerStatus status = client.status();
            if (status.queued() == 0 && status.running() == 0 && containersLeft(mine) == 0) {
                views = client.jobs().stream().filter(v -> mine.contains(v.id())).toList();
                if (views.size() == n && views.stream().allMatch(JobView::finished)) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("berth: jobs still unfinished after " + JOB_TIMEOUT + ": " + status);
            }
            sleep(POLL);
        }
        long done = System.nanoTime();
        Cpu used = cpu.stop();
        List<JobView> bad = views.stream()
                .filter(v -> !"completed".equals(v.state()) || v.exitCode() == null || v.exitCode() != 0).toList();
        if (!bad.isEmpty()) {
            JobView first = bad.get(0);
            throw new BenchFailure("berth: " + bad.size() + " of " + n + " jobs did not complete; e.g. " + first.id()
                    + " " + first.state() + " (" + first.reason() + ")");
        }
        Instant lastFinished = views.stream().map(JobView::finishedAt).max(Comparator.naturalOrder()).orElseThrow();
        for (String id : ids) {
            client.delete(id); // keeps the store (and so GET /jobs) the same size in every round
        }
        return new BerthRun(seconds(done - start), used, seconds(submitted - start),
                Duration.between(wallStart, lastFinished).toNanos() / 1e9);
    }

    /** {@code docker run --rm --init IMAGE true}, n times, k at a time. */
    private Run dockerCliThroughput(int n) throws Exception {
        return inPool(n, () -> {
            Process p = new ProcessBuilder("docker", "run", "--rm", "--init", options.image, "true")
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = p.waitFor();
            if (exit != 0) {
                throw new BenchFailure("docker run exited with " + exit + ": " + output.strip());
            }
            return null;
        });
    }

    /** The same containers through docker-java: create, start, wait, remove; n times, k at a time. */
    private Run dockerApiThroughput(int n) throws Exception {
        return inPool(n, () -> {
            String id = createPlain();
            try {
                docker.call(c -> c.startContainerCmd(id).exec());
                int exit = docker.streams().waitContainerCmd(id).exec(new WaitContainerResultCallback())
                        .awaitStatusCode(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (exit != 0) {
                    throw new BenchFailure("container " + id + " exited with " + exit);
                }
            } finally {
                remove(id);
            }
            return null;
        });
    }

    private Run inPool(int n, Callable<Void> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(options.slots);
        try {
            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            List<Future<Void>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof BenchFailure b ? b : new BenchFailure(String.valueOf(e.getCause()));
                }
            }
            long end = System.nanoTime();
            return new Run(seconds(end - start), cpu.stop());
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many containers of these jobs the engine still has. */
    private long containersLeft(Set<String> jobIds) {
        return docker.call(c -> c.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(ContainerLabels.MANAGED, "true")).exec())
                .stream()
                .filter(container -> container.getLabels() != null
                        && jobIds.contains(container.getLabels().get(ContainerLabels.JOB_ID)))
                .count();
    }

    // ---------------------------------------------------------------------------------------------
    // idle latency

    /** One idle submit through Berth and one create+start of each Docker kind, in the given order. */
    private Latency latencyOnce(boolean berthFirst) throws Exception {
        Latency l = new Latency();
        if (berthFirst) {
            berthLatency(l);
            l.dockerMs = dockerLatency(false);
            l.dockerSpecMs = dockerLatency(true);
        } else {
            l.dockerMs = dockerLatency(false);
            l.dockerSpecMs = dockerLatency(true);
            berthLatency(l);
        }
        return l;
    }

    /** From just before the POST of an already-uploaded bundle's job to its startedAt, on an idle server. */
    private void berthLatency(Latency l) throws Exception {
        // the bundle was uploaded before the warm-up: only the POST /jobs is timed
        SubmitJobRequest request = JobSubmitter.prepare(submission).toRequest(bundleDigest);
        awaitIdle();
        sleep(IDLE_PAUSE);

        Instant before = Instant.now();
        JobView job = client.submit(request);
        JobView started = job;
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (started.startedAt() == null) {
            if (started.finished() || System.nanoTime() > deadline) {
                throw new BenchFailure("berth: job " + job.id() + " never started: " + started.state()
                        + " (" + started.reason() + ")");
            }
            sleep(LATENCY_POLL);
            started = client.job(job.id());
        }
        l.berthMs = millis(Duration.between(before, started.startedAt()));
        l.berthToCreatedMs = millis(Duration.between(before, started.createdAt()));
        l.berthCreatedToStartedMs = millis(Duration.between(started.createdAt(), started.startedAt()));
        JobView end = awaitFinished(job.id());
        if (!"completed".equals(end.state())) {
            throw new BenchFailure("berth: latency job " + job.id() + " ended " + end.state() + " (" + end.reason() + ")");
        }
        client.delete(job.id());
    }

    /**
     * Docker's own create + start of one container, timed like Berth's: both calls through docker-java.
     * {@code asBerth}: the container Berth would create for a job (its bind mount, environment and
     * labels, through Berth's own Docker adapter); otherwise a plain {@code --init IMAGE true}.
     */
    private double dockerLatency(boolean asBerth) throws Exception {
        sleep(IDLE_PAUSE);
        String id;
        long start;
        if (asBerth) {
            Path jobDir = Files.createDirectories(scratch.resolve("job").resolve("job_source"));
            ContainerSpec spec = berthLikeSpec(jobDir.getParent());
            start = System.nanoTime();
            id = runtime.start(spec);
        } else {
            start = System.nanoTime();
            id = createPlain();
            docker.call(c -> c.startContainerCmd(id).exec());
        }
        long started = System.nanoTime();
        try {
            docker.streams().waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            remove(id);
        }
        return (started - start) / 1e6;
    }

    private ContainerSpec berthLikeSpec(Path jobDir) {
        String fakeId = "bench" + Long.toHexString(System.nanoTime());
        Map<String, String> env = Map.of("BERTH_JOB_ID", fakeId, "BERTH_PROJECT", "bench", "BERTH_ATTEMPT", "1",
                "BERTH_PARAMETERS_FILE", ContainerSpecs.PARAMETERS_PATH, "FOUNDATIONS_JOB_ID", fakeId,
                "FOUNDATIONS_PROJECT_NAME", "bench", "FOUNDATIONS_ATTEMPT", "1");
        // labels as Berth's but not berth.managed, so no Berth server mistakes it for one of its own
        Map<String, String> labels = Map.of("io.berth.bench.job-id", fakeId, "io.berth.bench.attempt", "1");
        return ContainerSpec.builder("berth-bench-" + fakeId, options.image)
                .command(List.of("true"))
                .workingDir(ContainerSpecs.SOURCE_DIR)
                .environment(env)
                .volumes(List.of(new VolumeMount(jobDir.toAbsolutePath().toString(), ContainerSpecs.JOB_MOUNT, false)))
                .pidsLimit(SchedulingConfig.DEFAULT_PIDS_LIMIT)
                .labels(labels)
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    private String createPlain() {
        return docker.call(c -> c.createContainerCmd(options.image)
                .withCmd("true")
                .withHostConfig(HostConfig.newHostConfig().withInit(true))
                .exec().getId());
    }

    private void remove(String id) {
        docker.call(c -> {
            c.removeContainerCmd(id).withForce(true).exec();
            return null;
        });
    }

    private JobView awaitFinished(String id) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            JobView v = client.job(id);
            if (v.finished()) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("berth: job " + id + " did not finish within " + JOB_TIMEOUT);
            }
            sleep(POLL);
        }
    }

    /** Until no job is queued or active (the dispatcher counts a job until its container is removed). */
    private void awaitIdle() throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            ServerStatus s = client.status();
            if (s.running() == 0 && s.queued() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("berth: the server did not become idle");
            }
            sleep(POLL);
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // leave it: a temp directory
                }
            });
        } catch (IOException e) {
            // leave it
        }
    }

    // ---------------------------------------------------------------------------------------------
    // results

    record Run(double wallSeconds, Cpu cpu) {}

    /**
     * @param submitSeconds    until the last submit had returned
     * @param byRecordsSeconds from just before the first submit to the latest finishedAt
     */
    record BerthRun(double wallSeconds, Cpu cpu, double submitSeconds, double byRecordsSeconds) {}

    /**
     * CPU time used during a run, in seconds: by the whole machine (from /proc/stat: the engine, the
     * containers, the docker CLI processes, this JVM, and anything else running), by the engine's two
     * daemons (dockerd and containerd; not the per-container shims and runc, whose time is not
     * accounted to any process that stays), and by this JVM (the Berth server and the benchmark's own
     * client).
     */
    record Cpu(double machineSeconds, double engineSeconds, double jvmSeconds, Map<String, Double> jvmByThreads) {}

    static final class CpuMeter {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
        private final long machineTicks;
        private final long engineTicks;
        private final long jvmNanos;
        private final Map<String, Long> threadTicks;

        private CpuMeter(long machineTicks, long engineTicks, long jvmNanos, Map<String, Long> threadTicks) {
            this.machineTicks = machineTicks;
            this.engineTicks = engineTicks;
            this.jvmNanos = jvmNanos;
            this.threadTicks = threadTicks;
        }

        static CpuMeter start() {
            return new CpuMeter(machineBusyTicks(), engineTicks(), OS.getProcessCpuTime(), threadTicks());
        }

        /** user + system ticks of the dockerd and containerd processes; -1 where there is no /proc. */
        private static long engineTicks() {
            long[] ticks = {0};
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (name.equals("dockerd") || name.equals("containerd")) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks[0] += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the process ended meanwhile
                    }
                });
            } catch (IOException e) {
                return -1;
            }
            return ticks[0];
        }

        Cpu stop() {
            long busy = machineBusyTicks();
            long engine = engineTicks();
            double jvm = (OS.getProcessCpuTime() - jvmNanos) / 1e9;
            Map<String, Double> groups = new java.util.TreeMap<>();
            double counted = 0;
            for (Map.Entry<String, Long> t : threadTicks().entrySet()) {
                double used = (t.getValue() - threadTicks.getOrDefault(t.getKey(), 0L)) / TICKS_PER_SECOND;
                groups.merge(group(t.getKey().substring(t.getKey().indexOf(' ') + 1)), used, Double::sum);
                counted += used;
            }
            groups.put("threads that ended", Math.max(0, jvm - counted));
            return new Cpu(busy < 0 || machineTicks < 0 ? Double.NaN : (busy - machineTicks) / TICKS_PER_SECOND,
                    engine < 0 || engineTicks < 0 ? Double.NaN : (engine - engineTicks) / TICKS_PER_SECOND, jvm, groups);
        }

        /** This JVM's threads' CPU (user + system ticks), keyed by "tid name"; empty where there is no /proc. */
        private static Map<String, Long> threadTicks() {
            Map<String, Long> ticks = new java.util.HashMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                tasks.forEach(task -> {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(task.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    } catch (IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                });
            } catch (IOException e) {
                // no /proc
            }
            return ticks;
        }

        /** The part of Berth (or of the JVM, or of this benchmark) a thread works for, from its name. */
        static String group(String thread) {
            if (thread.contains("CompilerThre")) {
                return "JIT compiler";
            }
            if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.startsWith("VM ")) {
                return "GC and VM";
            }
            if (thread.startsWith("JettyServer")) {
                return "server: HTTP (Jetty)";
            }
            if (thread.startsWith("job-run")) {
                return "server: job runners";
            }
            if (thread.startsWith("docker-call") || thread.startsWith("docker-java")) {
                return "server: docker-java";
            }
            if (thread.equals("dispatcher")) {
                return "server: dispatcher";
            }
            if (thread.equals("java") || thread.startsWith("HttpClient") || thread.startsWith("pool-")) {
                return "bench: client, pools";
            }
            return "other";
        }

        /** user + nice + system + irq + softirq + steal of all CPUs; -1 where there is no /proc/stat. */
        private static long machineBusyTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(f[i]);
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    static final class Round {
        final int number;
        final String order;
        BerthRun berth;
        Run dockerRun;
        Run dockerApi;

        Round(int number, String order) {
            this.number = number;
            this.order = order;
        }
    }

    static final class Latency {
        double berthMs;
        double berthToCreatedMs;
        double berthCreatedToStartedMs;
        double dockerMs;
        double dockerSpecMs;
    }

    static final class Report {
        final Options options;
        final String engine;
        final List<Round> rounds = new ArrayList<>();
        final List<Latency> latencies = new ArrayList<>();

        Report(Options options, String engine) {
            this.options = options;
            this.engine = engine;
        }

        void print(java.io.PrintStream out) {
            out.println();
            out.printf(Locale.ROOT, "== Berth vs Docker: %d trivial jobs (`true`) at concurrency %d, %d CPUs, Docker %s;"
                            + " warm-up %d jobs%n", options.jobs, options.slots,
                    Runtime.getRuntime().availableProcessors(), engine, options.warmup);
            out.println();
            out.println("Throughput: wall time for all jobs (s); ratio = berth / baseline");
            out.println("round  order                          berth  docker run  docker API  berth/run  berth/API");
            double sumBerth = 0;
            double sumRun = 0;
            double sumApi = 0;
            for (Round r : rounds) {
                out.printf(Locale.ROOT, "%5d  %-29s  %5.2f  %10.2f  %10.2f  %9.2f  %9.2f%n", r.number, r.order,
                        r.berth.wallSeconds, r.dockerRun.wallSeconds, r.dockerApi.wallSeconds,
                        r.berth.wallSeconds / r.dockerRun.wallSeconds, r.berth.wallSeconds / r.dockerApi.wallSeconds);
                sumBerth += r.berth.wallSeconds;
                sumRun += r.dockerRun.wallSeconds;
                sumApi += r.dockerApi.wallSeconds;
            }
            double ratio = sumBerth / sumRun;
            out.printf(Locale.ROOT, "  all  %-29s  %5.2f  %10.2f  %10.2f  %9.2f  %9.2f%n", "(sums)",
                    sumBerth, sumRun, sumApi, ratio, sumBerth / sumApi);
            out.println();
            out.println("Berth's side: until all submitted; until the last finishedAt (s). CPU used during each run"
                    + " (CPU-s): whole machine / dockerd+containerd / this JVM");
            out.println("round  submitted  last finished   berth CPU            docker run CPU       docker API CPU");
            for (Round r : rounds) {
                out.printf(Locale.ROOT, "%5d  %9.2f  %13.2f   %s  %s  %s%n", r.number, r.berth.submitSeconds,
                        r.berth.byRecordsSeconds, cpu(r.berth.cpu), cpu(r.dockerRun.cpu), cpu(r.dockerApi.cpu));
            }
            out.println("This JVM's CPU during berth's runs, by thread (CPU-s)");
            out.print("round");
            List<String> groups = rounds.get(0).berth.cpu.jvmByThreads.keySet().stream().toList();
            for (String g : groups) {
                out.printf("  %s", g);
            }
            out.println();
            for (Round r : rounds) {
                out.printf("%5d", r.number);
                for (String g : groups) {
                    out.printf(Locale.ROOT, "  %" + g.length() + ".2f", r.berth.cpu.jvmByThreads.getOrDefault(g, 0.0));
                }
                out.println();
            }
            out.println();

            List<Double> berth = latencies.stream().map(l -> l.berthMs).toList();
            List<Double> docker = latencies.stream().map(l -> l.dockerMs).toList();
            List<Double> dockerSpec = latencies.stream().map(l -> l.dockerSpecMs).toList();
            double diff = median(berth) - median(docker);
            double diffSpec = median(berth) - median(dockerSpec);
            out.printf("Idle latency: submit to started container (ms), %d runs%n", latencies.size());
            out.println("                                                   median     min     max");
            row(out, "berth: POST /jobs → startedAt", berth);
            row(out, "  of which POST → createdAt (HTTP, Redis)", latencies.stream().map(l -> l.berthToCreatedMs).toList());
            row(out, "  of which createdAt → startedAt", latencies.stream().map(l -> l.berthCreatedToStartedMs).toList());
            row(out, "docker create + start (plain --init)", docker);
            row(out, "docker create + start (Berth's container spec)", dockerSpec);
            out.printf(Locale.ROOT, "berth − docker (plain): %+.1f ms; berth − docker (Berth's spec): %+.1f ms%n",
                    diff, diffSpec);
            out.println();

            out.println("Targets");
            out.printf(Locale.ROOT, "  throughput  berth / docker run ≤ %.2f (%d jobs, %d slots): %.2f   %s%n", TARGET_RATIO,
                    options.jobs, options.slots, ratio, ratio <= TARGET_RATIO ? "PASS" : "MISS");
            out.printf(Locale.ROOT, "  latency     berth − docker create+start ≤ %.0f ms: %+.1f ms   %s%n",
                    TARGET_EXTRA_LATENCY_MS, diff, diff <= TARGET_EXTRA_LATENCY_MS ? "PASS" : "MISS");
        }

        private static String cpu(Cpu c) {
            return String.format(Locale.ROOT, "%5.1f / %4.1f / %4.1f", c.machineSeconds, c.engineSeconds, c.jvmSeconds);
        }

        private static void row(java.io.PrintStream out, String name, List<Double> values) {
            out.printf(Locale.ROOT, "%-48s  %7.1f  %6.1f  %6.1f%n", name, median(values),
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }

        static double median(List<Double> values) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = values.stream().sorted().toList();
            int mid = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
        }
    }

    static final class Options {
        static final String USAGE = "usage: bench.sh [--jobs N] [--slots K] [--latency-runs R] [--rounds M] "
                + "[--warmup W] [--image IMAGE]\n  defaults: 100 jobs, 4 slots, 10 latency runs, 2 rounds, "
                + "warm-up 2K jobs, berth-worker:latest";
        int jobs = 100;
        int slots = 4;
        int latencyRuns = 10;
        int rounds = 2;
        Integer warmupOption;
        int warmup;
        String image = ServerConfig.DEFAULT_IMAGE;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--jobs" -> o.jobs = positive(arg, value);
                    case "--slots" -> o.slots = positive(arg, value);
                    case "--latency-runs" -> o.latencyRuns = positive(arg, value);
                    case "--rounds" -> o.rounds = positive(arg, value);
                    case "--warmup" -> o.warmupOption = notNegative(arg, value);
                    case "--image" -> o.image = value;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            o.warmup = o.warmupOption != null ? o.warmupOption : Math.min(o.jobs, 2 * o.slots);
            return o;
        }

        private static int notNegative(String name, String value) {
            return value.equals("0") ? 0 : positive(name, value);
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(name + " must be a positive whole number, not '" + value + "'");
        }
    }

    static final class BenchFailure extends Exception {
        BenchFailure(String message) {
            super(message);
        }
    }
}
