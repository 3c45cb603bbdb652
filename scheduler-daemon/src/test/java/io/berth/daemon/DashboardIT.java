package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The dashboard in a real browser (Debian's headless chromium) against a real server running real jobs. */
class DashboardIT {
    private static final Duration LONG = Duration.ofSeconds(30);

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

    @Test
    void thePageComesFromTheServerWithAPolicyThatAllowsNoInlineScriptAndRunsWithoutErrors() throws Exception {
        HttpResponse<String> page = daemon.api.send(daemon.api.request("/").uri(java.net.URI.create(base + "/")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)");

        browser.open(base + "/");
        browser.await(LONG, ExpectedConditions.textToBePresentInElementLocated(By.id("app"), "Berth"));
        browser.screenshot("home");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
