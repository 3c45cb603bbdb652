package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepView;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in Firefox (Debian's headless firefox-esr, driven through WebDriver BiDi) against a real server
 * running real jobs: what a user checks first on each page, at desktop and at phone width, by keyboard too, with
 * nothing printed as an error. DashboardIT tests every feature in Chromium; this shows Firefox gets the same pages.
 * The server has no tokens (loopback), so no login is needed.
 */
class DashboardFirefoxIT {
    private static final Duration LONG = Duration.ofSeconds(60);

    /** Logs a short loss curve, says why it fails, fails. */
    private static final String FAILING_JOB = """
            import berth, sys
            for step in range(3):
                berth.log_metric("loss", 1.0 / (step + 1), step=step)
            print("bad input in row 7", flush=True)
            sys.exit(3)
            """;

    @TempDir
    static Path home;
    private static TestDaemon daemon;
    private static String base;
    private static Firefox firefox;
    private static JobView completed;
    private static JobView failed;
    private static SweepView sweep;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Firefox.BINARY),
                "skipped: no " + Firefox.BINARY + " (scripts/test.sh installs Debian's firefox-esr)");
        daemon = new TestDaemon(home);
        base = "http://127.0.0.1:" + daemon.port();
        completed = submit("print('all good')\n", Map.of("lr", 0.25));
        failed = submit(FAILING_JOB, Map.of("lr", 0.5));
        sweep = TestApi.JSON.readValue(daemon.api.send(daemon.api.request("/sweeps").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(new SubmitSweepRequest(
                        daemon.api.upload(Map.of("main.py", DashboardIT.SWEEP_JOB)), "sweep", List.of("python", "main.py"), Map.of(), null,
                        List.of(Map.of("lr", 0.1), Map.of("lr", 0.01), Map.of("lr", 0.001))))))).body(), SweepView.class);
        firefox = new Firefox();
        await().atMost(LONG).until(() -> state(failed).equals("failed") && state(completed).equals("completed")
                && sweep.jobs().stream().allMatch(job -> state(job).equals("completed")));
    }

    @AfterAll
    static void stop() {
        if (firefox != null) {
            firefox.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @AfterEach
    void nothingPrintedAsAnError() {
        firefox.setViewport(1280, 800);
        assertThat(firefox.consoleErrors()).as("errors the pages printed").isEmpty();
    }

    private static JobView submit(String script, Map<String, Object> params) throws Exception {
        return daemon.api.submitted(new SubmitJobRequest(daemon.api.upload(Map.of("main.py", script)), "firefox",
                List.of("python", "main.py"), params, null));
    }

    private static String state(JobView job) {
        try {
            return daemon.api.job(job.id()).state();
        } catch (Exception e) {
            throw new IllegalStateException("no state for job " + job.id(), e);
        }
    }

    /** A JavaScript string literal. */
    private static String js(String text) throws Exception {
        return TestApi.JSON.writeValueAsString(text);
    }

    private static String text(String css) throws Exception {
        return firefox.evaluate("document.querySelector(" + js(css) + ")?.textContent").asText();
    }

    @Test
    void theJobsPageListsAFinishedAndAFailedJobWithTheirStatus() throws Exception {
        firefox.open(base + "/#/jobs?project=firefox");
        for (JobView job : List.of(completed, failed)) {
            firefox.await("document.querySelector(\"tr[data-job='" + job.id() + "'] .state\")?.textContent === "
                    + js(state(job)), LONG);
        }
        assertThat(text("tr[data-job='" + failed.id() + "']")).contains("python main.py", "0.5", "exit code 3");
        firefox.screenshot("jobs");
    }

    @Test
    void aFailedJobShowsWhyItsChartAndItsLog() throws Exception {
        firefox.open(base + "/#/jobs/" + failed.id());
        firefox.await("document.getElementById('reason')?.textContent.includes('exit code 3')", LONG);
        assertThat(text("#reason")).startsWith("Failed:");
        // uPlot drew the loss curve on a canvas of a real size
        firefox.await("document.querySelector(\"figure[data-metric='loss'] canvas\")?.width > 0", LONG);
        assertThat(text("figure[data-metric='loss'] .u-title")).isEqualTo("loss");
        firefox.await("document.querySelector('.log-state')?.textContent.includes('complete')", LONG);
        assertThat(text("pre.log")).contains("── attempt 1 ──", "bad input in row 7");
        firefox.screenshot("job");
    }

    @Test
    void theComparePageOfASweepMarksTheBestJob() throws Exception {
        firefox.open(base + "/#/compare?project=sweep&sweep=" + sweep.id());
        firefox.await("document.querySelector('tr.best') !== null", LONG);
        assertThat(firefox.evaluate("document.querySelector('tr.best').dataset.job").asText())
                .as("acc is highest at lr 0.01").isEqualTo(sweep.jobs().get(1).id());
        assertThat(text("#best")).contains("acc", "highest");
        firefox.await("document.querySelectorAll('figure.chart canvas').length > 0", LONG);
        firefox.screenshot("compare");
    }

    @Test
    void theQueueAndServerPagesRender() throws Exception {
        firefox.open(base + "/#/queue");
        firefox.await("document.querySelector('main [role=status]')?.textContent === 'The queue is empty.'", LONG);
        firefox.open(base + "/#/server");
        firefox.await("document.getElementById('version')?.textContent === 'test'", LONG);
        assertThat(text("table.capacity")).contains("Slots");
        firefox.screenshot("server");
    }

    @Test
    void tabReachesTheSortButtonsAndTheTableSortsAsAsked() throws Exception {
        firefox.open(base + "/#/jobs?project=firefox");
        firefox.await("document.querySelectorAll('table.jobs tbody tr').length === 2", LONG);
        firefox.evaluate("document.activeElement.blur()");
        for (int i = 0; i < 40 && !firefox.evaluate("document.activeElement.dataset?.sort === 'exit'").asBoolean(); i++) {
            firefox.press(Firefox.TAB);
        }
        assertThat(firefox.evaluate("document.activeElement.dataset.sort").asText()).isEqualTo("exit");
        // headless Firefox does not click a focused button on Enter (see Firefox.press): the page is asked directly
        firefox.evaluate("document.activeElement.click()");
        firefox.await("document.querySelector('th[aria-sort=descending] button')?.dataset.sort === 'exit'", LONG);
        String firstRow = "document.querySelector('table.jobs tbody tr[data-job]')?.dataset.job === ";
        firefox.await(firstRow + js(failed.id()), LONG);
        firefox.evaluate("document.activeElement.click()");
        firefox.await(firstRow + js(completed.id()), LONG);
        assertThat(firefox.evaluate("location.hash").asText()).contains("sort=exit", "order=asc");
    }

    /** A page, and what it shows once it has loaded. */
    private record Page(String name, String hash, String loaded) {
    }

    @Test
    void noPageScrollsSidewaysAtPhoneWidth() throws Exception {
        firefox.setViewport(390, 844);
        for (Page page : List.of(new Page("jobs", "#/jobs?project=firefox", "tr[data-job]"),
                new Page("job", "#/jobs/" + failed.id(), "figure[data-metric='loss'] canvas"),
                new Page("compare", "#/compare?project=sweep&sweep=" + sweep.id(), "tr.best"),
                new Page("queue", "#/queue", "main [role=status]:not(:empty)"),
                new Page("server", "#/server", "table.capacity"))) {
            firefox.open(base + "/" + page.hash());
            firefox.await("document.querySelector(" + js(page.loaded()) + ") !== null", LONG);
            Thread.sleep(300); // let the page lay itself out
            assertThat(firefox.evaluate("document.documentElement.scrollWidth").asInt())
                    .as("no sideways scrolling of " + page.hash()).isLessThanOrEqualTo(390);
            firefox.screenshot("phone-" + page.name());
        }
    }
}
