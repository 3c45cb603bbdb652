package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.config.SecurityConfig;
import io.berth.config.TokenFile;
import io.berth.wire.JobRequests;
import io.berth.wire.JobSpec;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import io.berth.wire.SubmitSweepRequest;
import io.berth.wire.SweepView;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real browser (Debian's headless chromium) against a real server, with tokens, running real
 * jobs: the browser logs in through the login page once, then watches, compares, stops and clears as a user
 * would. Screenshots go to target/screenshots (docs/dashboard.md shows some).
 */
class DashboardIT {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    static Path home;
    private static TestDaemon daemon;
    private static TestApi api;
    private static String base;
    private static String token;
    private static Browser browser;

    /** Logs a curve, then waits for the test's word before it finishes. */
    private static final String LIVE_JOB = """
            import berth, os, sys, time
            berth.log_param("lr", 0.1)
            berth.set_tag("stage", "live")
            for step in range(5):
                berth.log_metric("loss", 1.0 / (step + 1), step=step)
                print("step", step, flush=True)
            for _ in range(1200):  # two minutes at most, should the test fail before it says go
                if os.path.exists("/job/berth/go"):
                    break
                time.sleep(0.1)
            print("done", flush=True)
            sys.exit(int(os.environ.get("EXIT", "0")))
            """;

    /** A sweep's job: accuracy is highest at lr 0.01 and lowest at 0.001, a curve over 4 steps. */
    static final String SWEEP_JOB = """
            import berth, math
            lr = berth.load_parameters()["lr"]
            top = 1 - abs(math.log10(lr) + 2) / 3 + lr
            for step in range(4):
                berth.log_metric("acc", round(top * (step + 1) / 4, 4), step=step)
            """;

    private static final String SLEEP_JOB = "import time\ntime.sleep(600)\n";

    @BeforeAll
    static void start() throws Exception {
        token = new TokenFile(home.resolve(TokenFile.FILE_NAME)).create("dashboard").secret();
        daemon = new TestDaemon(TestApi.config(home, null).withSecurity(SecurityConfig.inHome(home)));
        api = daemon.api.withToken(token);
        base = "http://127.0.0.1:" + daemon.port();
        browser = new Browser();
        logIn(browser);
        browser.consoleErrors(); // the 401 that sent the page to the login page
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

    @AfterEach
    void nothingLeftRunning() throws Exception {
        api.send(api.request("/queue").DELETE());
        for (JobView job : TestApi.JSON.readValue(api.send(api.request("/pages/jobs?state=running,starting&limit=500"))
                .body(), io.berth.wire.JobPage.class).jobs()) {
            api.send(api.request("/jobs/" + job.id() + "/stop").POST(HttpRequest.BodyPublishers.noBody()));
        }
        assertThat(browser.consoleErrors()).as("errors the page printed").isEmpty();
    }

    /** The login page: a wrong token is refused there, the right one leads on to the page asked for. */
    private static void logIn(Browser into) {
        into.open(base + "/#/server");
        into.await(LONG, ExpectedConditions.urlContains("/login"));
        into.find("#token").sendKeys("berth_wrong");
        into.find("button[type=submit]").click();
        into.await(LONG, ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        into.find("#token").sendKeys(token);
        into.screenshot("login");
        into.find("button[type=submit]").click();
        into.await(LONG, ExpectedConditions.urlContains("#/server"));
        into.await(LONG, ExpectedConditions.textToBePresentInElementLocated(By.id("version"), "test"));
    }

    private static JobView submit(String script, String project, Map<String, Object> params, JobSpec spec,
                                  String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("python", "main.py"));
        command.addAll(List.of(arguments));
        return api.submitted(new SubmitJobRequest(api.upload(Map.of("main.py", script)), project, command, params, spec));
    }

    /** Waits for the page to show something; says what it showed instead if it never does. */
    private static void see(Duration timeout, org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        try {
            browser.await(timeout, condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page at " + browser.driver.getCurrentUrl() + " shows:\n"
                    + browser.find("body").getText(), e);
        }
    }

    private static String state(String jobId) throws Exception {
        return api.job(jobId).state();
    }

    private static void go(String jobId) throws Exception {
        Files.writeString(home.resolve("data/jobs/" + jobId + "/job/berth/go"), "");
    }

    /** The jobs of a table's rows, top to bottom, read at one moment (the page redraws rows as jobs change). */
    @SuppressWarnings("unchecked")
    private static List<String> rowIds(String table) {
        return (List<String>) browser.script("return [...document.querySelectorAll(arguments[0] + ' tbody tr[data-job]')]"
                + ".map(r => r.dataset.job)", table);
    }

    private static WebElement row(String jobId) {
        return browser.find("tr[data-job='" + jobId + "']");
    }

    @Test
    void aJobIsWatchedLiveFromTheTableToItsChartAndItsLogAsItFinishes() throws Exception {
        JobView job = submit(LIVE_JOB, "live", Map.of("lr", 0.1), null);
        browser.open(base + "/#/jobs?project=live");
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-job='" + job.id() + "'] .state"), "running"));
        assertThat(row(job.id()).getText()).contains("live", "python main.py", "0.1");
        browser.screenshot("jobs");

        row(job.id()).findElement(By.cssSelector("a.id")).click();
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("pre.log"), "step 4"));
        see(LONG, ExpectedConditions.presenceOfElementLocated(By.cssSelector("figure[data-metric='loss'] canvas")));
        assertThat(browser.find(".tags").getText()).contains("stage", "live");
        assertThat(browser.find("table.params").getText()).contains("lr", "0.1");
        assertThat(browser.find("h1 .state").getText()).isEqualTo("running");
        // the chart is uPlot's, with the metric's 5 points
        assertThat(browser.script("return document.querySelector(\"figure[data-metric='loss'] .u-title\").textContent"))
                .isEqualTo("loss");

        go(job.id());
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("h1 .state"), "completed"));
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".log-state"), "complete"));
        assertThat(browser.find("pre.log").getText()).contains("── attempt 1 ──", "step 0", "done");
        assertThat(browser.find("#download").getAttribute("href")).endsWith("/api/v1/jobs/" + job.id() + "/archive");
        browser.screenshot("job");

        browser.open(base + "/#/jobs?project=live");
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-job='" + job.id() + "'] .state"), "completed"));
    }

    @Test
    void aFailedJobSaysWhyInPlainSightAndCanBeDeleted() throws Exception {
        JobView job = submit("import sys\nprint('bad input')\nsys.exit(3)\n", "failing", Map.of(), null);
        await().atMost(LONG).until(() -> state(job.id()).equals("failed"));
        browser.open(base + "/#/jobs/" + job.id().substring(0, 10));
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.id("reason"), "exit code 3"));
        assertThat(browser.find("#reason").getAttribute("role")).isEqualTo("alert");
        assertThat(browser.find("#reason").getText()).startsWith("Failed:");

        browser.find("#delete").click();
        browser.await(LONG, ExpectedConditions.alertIsPresent()).accept();
        see(LONG, ExpectedConditions.urlContains("#/jobs?project=failing"));
        assertThat(api.send(api.request("/jobs/" + job.id())).statusCode()).isEqualTo(404);
    }

    @Test
    void aSweepIsComparedWithTheBestJobMarkedForEitherDirectionAndCurvesOverlaid() throws Exception {
        SweepView sweep = TestApi.JSON.readValue(api.send(api.request("/sweeps").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(new SubmitSweepRequest(
                        api.upload(Map.of("main.py", SWEEP_JOB)), "sweep", List.of("python", "main.py"), Map.of(), null,
                        List.of(Map.of("lr", 0.1), Map.of("lr", 0.01), Map.of("lr", 0.001))))))).body(), SweepView.class);
        List<String> ids = sweep.jobs().stream().map(JobView::id).toList();
        await().atMost(LONG).until(() -> ids.stream().allMatch(id -> {
            try {
                return state(id).equals("completed");
            } catch (Exception e) {
                return false;
            }
        }));

        browser.open(base + "/#/jobs?project=sweep");
        see(LONG, ExpectedConditions.elementToBeClickable(By.id("compare")));
        browser.find("#compare").click();
        see(LONG, ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.best")));
        assertThat(browser.find("tr.best").getAttribute("data-job")).as("acc is highest at lr 0.01").isEqualTo(ids.get(1));
        assertThat(browser.find("#best").getText()).contains("acc", "highest", ids.get(1));

        new org.openqa.selenium.support.ui.Select(browser.find("#direction")).selectByValue("min");
        see(LONG, ExpectedConditions.attributeToBe(By.cssSelector("tr.best"), "data-job", ids.get(2)));
        // parallel coordinates: a line per job through lr (a log axis: 0.001 to 0.1) and acc, the best on top
        see(LONG, ExpectedConditions.attributeToBe(By.cssSelector("svg.parallel polyline.best"), "data-job", ids.get(2)));
        assertThat(browser.script("return [...document.querySelectorAll('svg.parallel polyline')]"
                + ".map(l => l.dataset.job + ' ' + l.getAttribute('points').split(' ').length)")).asList()
                .containsExactlyInAnyOrder(ids.get(0) + " 2", ids.get(1) + " 2", ids.get(2) + " 2");
        assertThat(browser.find("svg.parallel").getText()).contains("lr", "acc", "(log)");

        for (String id : List.of(ids.get(0), ids.get(1))) {
            browser.find("tr[data-job='" + id + "'] input[type=checkbox]").click();
        }
        see(LONG, ExpectedConditions.numberOfElementsToBe(By.cssSelector("figure.chart canvas"), 2));
        assertThat(browser.script("return [...document.querySelectorAll('.u-legend .u-label')].map(e => e.textContent)"))
                .asList().contains(ids.get(0), ids.get(1));
        assertThat(browser.driver.getCurrentUrl()).contains("direction=min", "metric=acc", "param=lr");
        browser.screenshot("compare");
    }

    @Test
    void aRunningJobIsStoppedFromItsPage() throws Exception {
        JobView job = submit(SLEEP_JOB, "stopping", Map.of(), null);
        await().atMost(LONG).until(() -> state(job.id()).equals("running"));
        browser.open(base + "/#/jobs/" + job.id());
        see(LONG, ExpectedConditions.elementToBeClickable(By.cssSelector("#stop")));
        browser.find("#stop").click();
        browser.await(LONG, ExpectedConditions.alertIsPresent()).accept();
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("h1 .state"), "stopped"));
        assertThat(state(job.id())).isEqualTo("stopped");
    }

    @Test
    void artifactsArePreviewedAsImageAndTextAndDownloadable() throws Exception {
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==";
        JobView job = submit("""
                import base64, berth
                open("curve.png", "wb").write(base64.b64decode("%s"))
                berth.save_artifact("curve.png", "curve")
                open("notes.txt", "w").write("converged after 4 epochs\\n")
                berth.save_artifact("notes.txt")
                """.formatted(png), "artifacts", Map.of(), null);
        await().atMost(LONG).until(() -> state(job.id()).equals("completed"));
        browser.open(base + "/#/jobs/" + job.id());
        see(LONG, ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.artifact[data-key='curve'] summary")));
        browser.find("li.artifact[data-key='notes.txt'] summary").click();
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("li.artifact[data-key='notes.txt'] pre"), "converged after 4 epochs"));
        browser.find("li.artifact[data-key='curve'] summary").click();
        see(LONG, driver -> (Boolean) browser.script(
                "const i = document.querySelector(\"li.artifact[data-key='curve'] img\"); return i !== null && i.complete && i.naturalWidth === 2;"));
        assertThat(browser.find("li.artifact[data-key='curve'] a[download]").getAttribute("href"))
                .endsWith("/api/v1/jobs/" + job.id() + "/artifacts/curve");
        browser.screenshot("artifacts");
    }

    @Test
    void theQueueShowsOrderAndWhyAJobMovesToTheFrontAndTheQueueClearsAfterAConfirmation() throws Exception {
        JobSpec wholeMachine = JobSpec.defaults().withRequests(JobRequests.none().withCpus(
                (double) Runtime.getRuntime().availableProcessors()));
        JobView running = submit(SLEEP_JOB, "queue", Map.of(), wholeMachine);
        await().atMost(LONG).until(() -> state(running.id()).equals("running"));
        List<JobView> waiting = List.of(submit(SLEEP_JOB, "queue", Map.of(), wholeMachine),
                submit(SLEEP_JOB, "queue", Map.of(), wholeMachine), submit(SLEEP_JOB, "queue", Map.of(), wholeMachine));

        browser.open(base + "/#/queue");
        see(LONG, ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.queue tbody tr"), 3));
        assertThat(rowIds("table.queue")).containsExactlyElementsOf(waiting.stream().map(JobView::id).toList());
        assertThat(row(waiting.get(0).id()).getText()).contains("needs", "CPUs");
        browser.screenshot("queue");

        row(waiting.get(2).id()).findElement(By.cssSelector("button.move")).click();
        see(LONG, driver -> rowIds("table.queue").get(0).equals(waiting.get(2).id()));

        browser.find("#clear-queue").click();
        browser.await(LONG, ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(state(waiting.get(0).id())).as("dismissed: nothing cleared").isEqualTo("queued");
        browser.find("#clear-queue").click();
        browser.await(LONG, ExpectedConditions.alertIsPresent()).accept();
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main [role=status]"), "Stopped 3"));
        for (JobView job : waiting) {
            assertThat(state(job.id())).isEqualTo("stopped");
        }
        assertThat(state(running.id())).isEqualTo("running");
    }

    @Test
    void theServerPageShowsCapacityInUseAndFree() throws Exception {
        JobView job = submit(SLEEP_JOB, "server", Map.of(), null);
        await().atMost(LONG).until(() -> state(job.id()).equals("running"));
        browser.open(base + "/#/server");
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table.capacity"), "Slots"));
        // the page may be the one an earlier test opened, from before the job started: it looks again every 5 s
        await().atMost(LONG).untilAsserted(() -> {
            @SuppressWarnings("unchecked")
            List<String> slots = (List<String>) browser.script("return [...document.querySelectorAll("
                    + "'table.capacity tbody tr:first-child td')].map(td => td.textContent)");
            assertThat(slots.subList(0, 3)).as("in use, free, total").containsExactly("1", "1", "2");
        });
        assertThat(browser.find("#version").getText()).isEqualTo("test");
        browser.screenshot("server");
    }

    @Test
    void theServerPageListsAgentsWithTheirStateAndWhatTheyOffer() throws Exception {
        String agentsToken = new TokenFile(home.resolve(TokenFile.FILE_NAME)).create(null, null, "gpu-box-1").secret();
        TestApi agent = api.withToken(agentsToken);
        HttpResponse<String> beat = agent.send(agent.request("/agents/gpu-box-1")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("""
                        {"version": "1.0", "dockerHost": "unix:///var/run/docker.sock",
                         "capacity": {"slots": 3, "cpus": 1.5, "memoryBytes": 2147483648, "gpus": ["0", "1"]},
                         "labels": {"gpu_model": "a100"}}""")));
        assertThat(beat.statusCode()).as(beat.body()).isEqualTo(200);

        browser.open(base + "/#/server");

        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table.agents"), "gpu-box-1"));
        @SuppressWarnings("unchecked")
        List<String> row = (List<String>) browser.script(
                "return [...document.querySelectorAll('table.agents tbody tr:first-child > *')].map(c => c.textContent)");
        assertThat(row).containsExactly("gpu-box-1", "ready", row.get(2), "0 / 3", "1.5", "2.0 GiB", "0, 1", "gpu_model=a100");
        assertThat(row.get(2)).endsWith("ago");
    }

    @Test
    void whatJobsWriteIsShownAsTextAndNeverRuns() throws Exception {
        String[] attacks = {"<script>window.pwned=1</script>", "<img src=x onerror=window.pwned=2>"};
        JobView job = submit("""
                import berth
                a, b = %s, %s
                berth.log_param("note", a)
                berth.set_tag(b, a)
                berth.log_metric(b, 1.0, step=0)
                print(a)
                print(b)
                open("x.txt", "w").write(a)
                berth.save_artifact("x.txt", b)
                """.formatted(TestApi.JSON.writeValueAsString(attacks[0]), TestApi.JSON.writeValueAsString(attacks[1])),
                "hostile", Map.of("p", attacks[1], "q", attacks[0]), null, attacks[0]);
        await().atMost(LONG).until(() -> state(job.id()).equals("completed"));

        browser.open(base + "/#/jobs?project=hostile");
        see(LONG, ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-job='" + job.id() + "']")));
        assertThat(row(job.id()).getText()).contains(attacks[0], attacks[1]);
        browser.open(base + "/#/jobs/" + job.id());
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".log-state"), "complete"));
        browser.find("li.artifact summary").click();
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("li.artifact pre"), attacks[0]));
        assertThat(browser.find("pre.log").getText()).contains(attacks[0], attacks[1]);
        assertThat(browser.find(".tags").getText()).contains(attacks[0], attacks[1]);
        assertThat(browser.find("table.params").getText()).contains(attacks[0], attacks[1]);
        assertThat(browser.find("li.artifact").getText()).contains(attacks[1]);
        assertThat(browser.find(".facts").getText()).contains(attacks[0]);
        browser.open(base + "/#/compare?project=hostile");
        see(LONG, ExpectedConditions.textToBePresentInElementLocated(By.id("best"), attacks[1]));
        browser.screenshot("hostile");

        assertThat(browser.script("return typeof window.pwned")).isEqualTo("undefined");
        assertThat(browser.findAll("main script, main img")).isEmpty();
    }

    @Test
    void theJobsTableSortsByKeyboardAndFitsAPhone() throws Exception {
        JobView failed = submit("import sys\nsys.exit(1)\n", "phone", Map.of("lr", 0.5), null);
        JobView completed = submit("print('ok')\n", "phone", Map.of("lr", 0.25), null);
        await().atMost(LONG).until(() -> state(failed.id()).equals("failed") && state(completed.id()).equals("completed"));

        browser.open(base + "/#/jobs?project=phone");
        see(LONG, ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.jobs tbody tr"), 2));
        // Tab from the top of the page to the Status column's sort button, then Enter
        browser.script("document.activeElement.blur(); window.scrollTo(0, 0);");
        for (int i = 0; i < 40 && !"status".equals(browser.script("return document.activeElement.dataset.sort")); i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.script("return document.activeElement.dataset.sort")).isEqualTo("status");
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        see(LONG, ExpectedConditions.attributeToBe(By.xpath("//th[.//button[@data-sort='status']]"), "aria-sort", "descending"));
        see(LONG, driver -> rowIds("table.jobs").get(0).equals(failed.id()));
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        see(LONG, driver -> rowIds("table.jobs").get(0).equals(completed.id()));
        assertThat(browser.driver.getCurrentUrl()).contains("sort=status", "order=asc");

        try (Browser phone = new Browser(390, 844)) {
            logIn(phone);
            phone.consoleErrors(); // the 401 before logging in
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("jobs", "#/jobs?project=phone");
            pages.put("job", "#/jobs/" + failed.id());
            pages.put("queue", "#/queue");
            pages.put("server", "#/server");
            for (var named : pages.entrySet()) {
                String page = named.getValue();
                phone.open(base + "/" + page);
                phone.await(LONG, ExpectedConditions.presenceOfElementLocated(By.cssSelector(".page > *")));
                Thread.sleep(300); // let the page lay itself out
                assertThat((Long) phone.script("return document.documentElement.scrollWidth"))
                        .as("no sideways scrolling of " + page).isLessThanOrEqualTo(390);
                phone.screenshot("phone-" + named.getKey());
            }
            assertThat(phone.consoleErrors()).isEmpty();
        }
    }

    @Test
    void thePageComesFromTheServerWithAPolicyThatAllowsNoInlineScript() throws Exception {
        HttpResponse<String> page = daemon.api.send(daemon.api.request("/").uri(java.net.URI.create(base + "/")));
        assertThat(page.statusCode()).as("the page itself holds no data: no token needed").isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
    }

    @Test
    void aServerThatGoesAwayIsSaidOnThePageWhichComesBackByItself(@TempDir Path otherHome) throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        io.berth.config.ServerConfig config = new io.berth.config.ServerConfig("127.0.0.1", port, null, 0, "everysec",
                otherHome.resolve("data"), 2, io.berth.config.ServerConfig.DEFAULT_IMAGE, Duration.ofSeconds(2), "berth", null);
        BerthDaemon server = BerthDaemon.start(config, "test");
        try (Browser watcher = new Browser()) {
            watcher.open("http://127.0.0.1:" + port + "/#/server");
            watcher.await(LONG, ExpectedConditions.textToBePresentInElementLocated(By.id("version"), "test"));
            server.close();
            watcher.await(LONG, ExpectedConditions.textToBePresentInElementLocated(By.id("connection"), "does not answer"));
            watcher.screenshot("server-away");
            server = BerthDaemon.start(config, "test");
            watcher.await(LONG, ExpectedConditions.textToBe(By.id("connection"), ""));
            watcher.await(LONG, ExpectedConditions.textToBePresentInElementLocated(By.id("version"), "test"));
            assertThat(watcher.driver.getPageSource()).doesNotContain("Exception", "at io.berth");
        } finally {
            server.close();
        }
    }

    @Test
    void aPageWithoutASessionGoesToTheLoginPageAndTheApiRefusesIt() throws Exception {
        try (Browser stranger = new Browser()) {
            stranger.open(base + "/#/queue");
            stranger.await(LONG, ExpectedConditions.urlContains("/login?next="));
            HttpResponse<String> refused = daemon.api.send(daemon.api.request("/queue"));
            assertThat(refused.statusCode()).isEqualTo(401);
        }
    }
}
