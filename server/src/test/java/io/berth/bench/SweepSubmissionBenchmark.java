package io.berth.bench;

import io.berth.config.ServerConfig;
import io.berth.daemon.BerthDaemon;
import io.berth.sdk.Berth;
import io.berth.sdk.JobRequest;
import io.berth.sdk.Sweep;
import io.berth.sdk.SweepHandle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Submitting a sweep of N jobs of a project with D MB of data, against submitting that project as one
 * job, each on a fresh server (so the bundle is never already there). Not a test: prints the medians and
 * their ratio (target: the sweep takes at most 2x the single job; Atlas re-bundled and re-uploaded the
 * project for every job, about N times). Run it with {@code scripts/bench.sh sweep [--jobs N] [--data-mb D] [--rounds R]}.
 */
public final class SweepSubmissionBenchmark {
    /** The queued jobs must not load the machine while submission is timed: they fail at once, making no container. */
    private static final String NO_IMAGE = "berth-bench-no-such-image:none";

    public static void main(String[] args) throws Exception {
        int jobs = intArg(args, "--jobs", 1000);
        int megabytes = intArg(args, "--data-mb", 50);
        int rounds = intArg(args, "--rounds", 3);
        Path root = Files.createTempDirectory("berth-sweep-bench");
        Path project = aProject(root.resolve("project"), megabytes);
        List<Double> single = new ArrayList<>();
        List<Double> sweep = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // alternate which goes first, so drift on a shared machine falls on both
            if (round % 2 == 0) {
                single.add(timeSingle(root.resolve("s" + round), project));
                sweep.add(timeSweep(root.resolve("w" + round), project, jobs));
            } else {
                sweep.add(timeSweep(root.resolve("w" + round), project, jobs));
                single.add(timeSingle(root.resolve("s" + round), project));
            }
            System.out.printf(Locale.ROOT, "round %d: single job %.2f s, sweep of %d %.2f s%n", round + 1,
                    single.get(round), jobs, sweep.get(round));
        }
        double singleMedian = median(single);
        double sweepMedian = median(sweep);
        double ratio = sweepMedian / singleMedian;
        System.out.printf(Locale.ROOT, "%nproject: %d MB of data; sweep: %d jobs; %d rounds, medians:%n", megabytes, jobs, rounds);
        System.out.printf(Locale.ROOT, "  submit one job      %8.2f s%n", singleMedian);
        System.out.printf(Locale.ROOT, "  submit the sweep    %8.2f s%n", sweepMedian);
        System.out.printf(Locale.ROOT, "  ratio sweep/single  %8.2f  (target <= 2.0: %s)%n", ratio, ratio <= 2.0 ? "PASS" : "MISS");
        System.out.printf(Locale.ROOT, "  Atlas-style estimate (bundle + upload per job): %d x single = %.0f s%n", jobs, jobs * singleMedian);
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static double timeSingle(Path home, Path project) throws Exception {
        try (Server server = new Server(home)) {
            long start = System.nanoTime();
            server.berth().submit(JobRequest.builder(project).command("true").image(NO_IMAGE).build());
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static double timeSweep(Path home, Path project, int jobs) throws Exception {
        try (Server server = new Server(home)) {
            long start = System.nanoTime();
            SweepHandle handle = server.berth().sweep(JobRequest.builder(project).command("true").image(NO_IMAGE).build(),
                    Sweep.grid(Map.of("x", IntStream.range(0, jobs).boxed().toList())));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (handle.jobs().size() != jobs) {
                throw new IllegalStateException("the sweep queued " + handle.jobs().size() + " jobs, not " + jobs);
            }
            return seconds;
        }
    }

    /** A project whose data does not compress, so the bundle is as large as the data. */
    private static Path aProject(Path dir, int megabytes) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("main.py"), "print('hello')\n");
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(42);
        for (int i = 0; i < megabytes; i++) {
            random.nextBytes(chunk);
            Files.write(dir.resolve("data").resolve("part-" + i + ".bin"), chunk);
        }
        return dir;
    }

    /** A fresh server with its own data directory, so no bundle is already there. */
    private static final class Server implements AutoCloseable {
        private final BerthDaemon daemon;
        private final Berth berth;

        Server(Path home) {
            daemon = BerthDaemon.start(new ServerConfig("127.0.0.1", 0, null, 0, "no", home.resolve("data"), 1,
                    ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(1), "berth", null), "bench");
            berth = Berth.connect(URI.create("http://127.0.0.1:" + daemon.port()), null);
        }

        Berth berth() {
            return berth;
        }

        @Override
        public void close() {
            daemon.close();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
