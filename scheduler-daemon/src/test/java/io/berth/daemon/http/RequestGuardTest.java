package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names a server without tokens answers to, the paths that need no token, where a login may lead. */
class RequestGuardTest {
    @Test
    void loopbackNamesAreTheLoopbackAddressesAndLocalhostWithAnyPort() {
        for (String host : new String[] {"127.0.0.1", "127.0.0.1:5000", "localhost", "LocalHost:80", "[::1]",
                "[::1]:5000"}) {
            assertThat(RequestGuard.isLoopbackName(host)).as(host).isTrue();
        }
        for (String host : new String[] {"evil.example", "evil.example:5000", "127.0.0.1.evil.example", "localhost.evil",
                "[::2]:5000", "10.0.0.5:5000", "", ":5000"}) {
            assertThat(RequestGuard.isLoopbackName(host)).as(host).isFalse();
        }
        assertThat(RequestGuard.isLoopbackName(null)).isFalse();
    }

    @Test
    void onlyThePagesStaticFilesLoginAndTheSessionNeedNoToken() {
        for (String path : new String[] {"/", "/login", "/logout", "/favicon.ico", "/api/v1/session", "/static/app.js",
                "/static/css/site.css", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"}) {
            assertThat(RequestGuard.isPublic(path)).as(path).isTrue();
        }
        for (String path : new String[] {"/api/v1/status", "/api/v1/jobs", "/static/../api/v1/status", "/static/./x",
                "/static//api/v1/status", "/static/%2e%2e/api", "/static", "/static/", "/webjars", "/loginx",
                "/api/v1/session/x", "/api/v1/sessions"}) {
            assertThat(RequestGuard.isPublic(path)).as(path).isFalse();
        }
    }

    @Test
    void aLoginLeadsOnlyToAPathOfThisServer() {
        assertThat(SessionRoutes.localPath("/jobs/01m9?tab=logs")).isEqualTo("/jobs/01m9?tab=logs");
        assertThat(SessionRoutes.localPath(null)).isEqualTo("/");
        for (String elsewhere : new String[] {"https://evil.example/", "//evil.example/", "/\\evil.example", "evil",
                "/\r\nSet-Cookie: x=y", "javascript:alert(1)"}) {
            assertThat(SessionRoutes.localPath(elsewhere)).as(elsewhere).isEqualTo("/");
        }
    }
}
