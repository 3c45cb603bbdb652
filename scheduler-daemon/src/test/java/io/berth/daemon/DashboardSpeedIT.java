package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard's speed, measured in a real browser beside a baseline on the same machine in the same run (these
 * machines are noisy): the jobs page with 10,000 jobs in the store against the same page with an empty store,
 * and the log view following a job that prints 1,000 lines a second against the same page idle. The figures are
 * printed ("dashboard speed: ...") and written in docs/benchmarks.md; the asserts are what a user would see go
 * wrong (a wrong count, lost lines, a frozen tab), with bounds far above the figures.
 */
class DashboardSpeedIT {
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final int JOBS = 10_000;
    private static final int RUNS = 5;

    @TempDir
    static Path home;
    private static TestDaemon daemon;
    private static String base;
    private static Browser browser;

    @BeforeAll
    static void start() {
        daemon = new TestDaemon(home);
        base = "http://127.0.0.1:" + daemon.port();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    /** Loads the jobs page afresh: milliseconds from navigation to first contentful paint and to rows shown. */
    private static double[] loadJobsPage(String expectedSummary) {
        browser.open("about:blank");
        browser.open(base + "/#/jobs?project=speed"); // the other test's job is in project "chatty"
        browser.await(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main [role=status]"),
                expectedSummary));
        browser.await(LONG, driver -> browser.script("return performance.getEntriesByName('berth:jobs-shown').length") != null
                && ((Long) browser.script("return performance.getEntriesByName('berth:jobs-shown').length")) > 0);
        Number paint = (Number) browser.script(
                "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : -1;");
        Number shown = (Number) browser.script("return performance.getEntriesByName('berth:jobs-shown')[0].startTime;");
        return new double[] {paint.doubleValue(), shown.doubleValue()};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double[] medians(String expectedSummary) {
        List<Double> paints = new ArrayList<>();
        List<Double> shown = new ArrayList<>();
        loadJobsPage(expectedSummary); // warms the browser's cache and the server's code paths
        for (int i = 0; i < RUNS; i++) {
            double[] run = loadJobsPage(expectedSummary);
            paints.add(run[0]);
            shown.add(run[1]);
        }
        return new double[] {median(paints), median(shown)};
    }

    @Test
    void theJobsPageOfTenThousandJobsShowsAsSoonAsThatOfOne() throws Exception {
        TestApi api = daemon.api;
        String bundle = api.upload(Map.of("main.py", "pass\n"));
        api.submitted(new SubmitJobRequest(bundle, "speed", List.of("python", "main.py"), Map.of(), null));
        double[] one = medians("1–1 of 1 jobs");

        List<Map<String, Object>> sets = IntStream.range(0, JOBS - 1).<Map<String, Object>>mapToObj(i -> Map.of("i", i)).toList();
        HttpResponse<String> sweep = api.send(api.request("/sweeps").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(new SubmitSweepRequest(
                        bundle, "speed", List.of("python", "main.py"), Map.of(), null, sets)))));
        assertThat(sweep.statusCode()).as(sweep.body()).isEqualTo(201);
        api.send(api.request("/queue").DELETE()); // a store of 10,000 jobs, not a busy machine
        double[] many = medians("1–50 of 10,000 jobs");

        System.out.printf("dashboard speed: jobs page, median of %d loads: first paint %.0f ms, rows shown %.0f ms"
                        + " with %,d jobs; %.0f ms and %.0f ms with 1 job; ratio (rows shown) %.2f%n",
                RUNS, many[0], many[1], JOBS, one[0], one[1], many[1] / one[1]);
        browser.screenshot("speed-jobs");
        assertThat(many[1]).as("rows of 10,000 jobs shown (ms)").isLessThan(5_000);
    }

    /** 10,000 lines at 1,000 a second, once the test says go. */
    private static final String CHATTY_JOB = """
            import os, sys, time
            for _ in range(1200):
                if os.path.exists("/job/berth/go"):
                    break
                time.sleep(0.1)
            start = time.time()
            for i in range(10000):
                sys.stdout.write("line %05d %s\\n" % (i, "x" * 60))
                if i % 50 == 49:
                    sys.stdout.flush()
                    wait = start + (i + 1) / 1000 - time.time()
                    if wait > 0:
                        time.sleep(wait)
            sys.stdout.flush()
            """;

    private static final String FRAME_GAPS = """
            window.berthGaps = [];
            let last = performance.now();
            const frame = (now) => { window.berthGaps.push(now - last); last = now; requestAnimationFrame(frame); };
            requestAnimationFrame(frame);
            """;

    private static double[] gaps() {
        @SuppressWarnings("unchecked")
        List<Number> gaps = (List<Number>) browser.script("const g = window.berthGaps; window.berthGaps = []; return g;");
        List<Double> sorted = gaps.stream().map(Number::doubleValue).sorted().toList();
        return new double[] {sorted.get((int) (sorted.size() * 0.95)), sorted.get(sorted.size() - 1), sorted.size()};
    }

    @Test
    void theLogViewKeepsUpWithAThousandLinesASecondWithoutFreezing() throws Exception {
        TestApi api = daemon.api;
        JobView job = api.submitted(new SubmitJobRequest(api.upload(Map.of("main.py", CHATTY_JOB)), "chatty",
                List.of("python", "main.py"), Map.of(), null));
        await().atMost(LONG).until(() -> api.job(job.id()).state().equals("running"));
        browser.open(base + "/#/jobs/" + job.id());
        browser.await(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".log-state"), "Following"));
        browser.script(FRAME_GAPS);
        Thread.sleep(3000);
        double[] idle = gaps();

        long go = System.nanoTime();
        Files.writeString(home.resolve("data/jobs/" + job.id() + "/job/berth/go"), "");
        browser.await(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("pre.log"), "line 09999"));
        double seconds = (System.nanoTime() - go) / 1e9;
        double[] busy = gaps();

        String log = browser.find("pre.log").getText();
        List<String> lines = log.lines().filter(line -> line.startsWith("line ")).toList();
        assertThat(lines).as("the page keeps a capped tail").hasSizeLessThanOrEqualTo(5000);
        for (int i = 0; i < lines.size(); i++) { // the tail it keeps has every line, in order
            assertThat(lines.get(i)).startsWith(String.format("line %05d", 10_000 - lines.size() + i));
        }
        assertThat(browser.find(".logs").getText()).contains("earlier lines are not shown here");
        System.out.printf("dashboard speed: log view, 10,000 lines at 1,000/s shown in %.1f s; frame gaps p95 %.0f ms,"
                        + " max %.0f ms (%,.0f frames) while following, against p95 %.0f ms, max %.0f ms idle;"
                        + " ratio (max) %.2f; %,d lines kept in the page%n",
                seconds, busy[0], busy[1], busy[2], idle[0], idle[1], busy[1] / idle[1], lines.size());
        browser.screenshot("speed-log");
        assertThat(busy[1]).as("longest frame while following (ms): the tab never froze").isLessThan(1_000);
    }
}
