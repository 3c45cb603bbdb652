package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.daemon.core.ContainerLabels;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How soon a line a job prints reaches a client following its log, against how soon {@code docker logs -f}
 * of the same container sees it (the engine's own floor: Berth reads the container's output from the engine
 * too). The job prints each line with the wall-clock time it printed it; each follower notes when it read the
 * line (one machine, one clock). Printed: p50, p95 and max for the plain stream ({@code /logs?follow=true}),
 * the event stream ({@code /logs/events}) and {@code docker logs -f}, and the plain stream's against Docker's.
 */
class LogLatencyBenchmarkIT {
    /** Prints {@code count} numbered lines {@code every} seconds apart, each with its print time in ns. */
    private static final String PRINTER = """
            import sys, time
            count, every = int(sys.argv[1]), float(sys.argv[2])
            time.sleep(3)  # time for the followers to attach
            start = time.time()
            for i in range(count):
                delay = start + i * every - time.time()
                if delay > 0:
                    time.sleep(delay)
                print(i, time.time_ns(), flush=True)
            """;
    private static final Pattern LINE = Pattern.compile("^(?:data: )?(\\d+) (\\d+)$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;
    private static TestDaemon daemon;
    private static TestApi api;
    private final ExecutorService followers = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() {
        daemon = new TestDaemon(home);
        api = daemon.api;
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aLineReachesAFollowerWithinMillisecondsOfItsPrint() throws Exception {
        Followed run = follow(500, 0.010);
        run.print("a line every 10 ms for 5 s");
        assertThat(run.plain.indices()).as("lines of the plain stream").isEqualTo(run.expected());
        assertThat(run.plain.percentile(0.95)).as("p95 of the plain stream, ms").isLessThan(200);
    }

    @Test
    void aThousandLinesASecondAreFollowedWithNoneLost() throws Exception {
        Followed run = follow(10_000, 0.001);
        run.print("1,000 lines a second for 10 s");
        assertThat(run.plain.indices()).as("lines of the plain stream").isEqualTo(run.expected());
        assertThat(run.events.indices()).as("lines of the event stream").isEqualTo(run.expected());
    }

    /** Runs the printer and follows its log three ways at once, until the job has finished. */
    private Followed follow(int count, double every) throws Exception {
        String digest = api.upload(Map.of("printer.py", PRINTER));
        JobView job = api.submitted(new SubmitJobRequest(digest, "log-latency",
                List.of("printer.py", Integer.toString(count), Double.toString(every)), Map.of(), JobSpec.defaults()));
        Future<Lines> plain = followers.submit(() -> read(http("/jobs/" + job.id() + "/logs?follow=true")));
        Future<Lines> events = followers.submit(() -> read(http("/jobs/" + job.id() + "/logs/events")));
        String container = containerOf(job.id());
        Process dockerLogs = new ProcessBuilder("docker", "logs", "-f", container)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Future<Lines> docker = followers.submit(() -> read(dockerLogs.getInputStream()));
        long cpuBefore = jvmCpuNanos();
        long wallBefore = System.nanoTime();
        try {
            Duration atMost = Duration.ofSeconds(60 + Math.round(count * every));
            Lines plainLines = plain.get(atMost.toSeconds(), TimeUnit.SECONDS);
            Lines eventLines = events.get(atMost.toSeconds(), TimeUnit.SECONDS);
            double cpuPerSecond = (double) (jvmCpuNanos() - cpuBefore) / (System.nanoTime() - wallBefore);
            return new Followed(count, plainLines, eventLines, docker.get(atMost.toSeconds(), TimeUnit.SECONDS),
                    cpuPerSecond);
        } finally {
            dockerLogs.destroy();
            followers.shutdownNow();
        }
    }

    /** CPU time of this JVM: the server, and the test's two HTTP followers. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static InputStream http(String path) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(api.request(path).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String containerOf(String jobId) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter",
                    "label=" + ContainerLabels.JOB_ID + "=" + jobId).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            found[0] = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return ps.waitFor() == 0 && !found[0].isEmpty();
        });
        return found[0];
    }

    /** Reads numbered lines until the stream ends, noting when each was read. */
    private static Lines read(InputStream stream) throws IOException {
        Lines lines = new Lines();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                long seen = epochNanos();
                Matcher numbered = LINE.matcher(line);
                if (numbered.matches()) {
                    lines.indices.add(Integer.valueOf(numbered.group(1)));
                    lines.latencies.add((seen - Long.parseLong(numbered.group(2))) / 1e6);
                }
            }
        }
        return lines;
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The numbered lines one follower read, in order, and how long after its print each arrived (ms). */
    private static final class Lines {
        final List<Integer> indices = new ArrayList<>();
        final List<Double> latencies = new ArrayList<>();

        List<Integer> indices() {
            return indices;
        }

        double percentile(double p) {
            List<Double> sorted = latencies.stream().sorted().toList();
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(p * sorted.size()) - 1);
        }

        String summary() {
            return String.format("%6d lines  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms", latencies.size(),
                    percentile(0.5), percentile(0.95), percentile(1.0));
        }
    }

    private record Followed(int count, Lines plain, Lines events, Lines docker, double cpuPerSecond) {
        List<Integer> expected() {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(i);
            }
            return all;
        }

        void print(String what) {
            System.out.printf("log latency, %s:%n", what);
            System.out.printf("  berth /logs?follow=true  %s%n", plain.summary());
            System.out.printf("  berth /logs/events       %s%n", events.summary());
            System.out.printf("  docker logs -f           %s%n", docker.summary());
            System.out.printf("  plain stream vs docker logs -f: p50 %+.1f ms, p95 %+.1f ms (ratio of p95 %.2f)%n",
                    plain.percentile(0.5) - docker.percentile(0.5), plain.percentile(0.95) - docker.percentile(0.95),
                    plain.percentile(0.95) / docker.percentile(0.95));
            System.out.printf("  this JVM (server and both HTTP followers) used %.1f %% of a core while following%n",
                    100 * cpuPerSecond);
        }
    }
}
