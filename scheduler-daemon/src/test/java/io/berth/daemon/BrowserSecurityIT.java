package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.config.SecurityConfig;
import io.berth.config.TokenFile;
import io.berth.wire.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser's session over real HTTP: logging in puts the token in a cookie the API then accepts; a request
 * that changes something on that cookie needs the dashboard's header; one from another site is refused
 * whatever it carries; and a server without tokens answers only to loopback names (DNS rebinding).
 */
class BrowserSecurityIT {
    @TempDir
    static Path tokensHome;
    @TempDir
    static Path openHome;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BerthDaemon withTokens;
    private static BerthDaemon withoutTokens;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        token = new TokenFile(tokensHome.resolve(TokenFile.FILE_NAME)).create("browser").secret();
        withTokens = BerthDaemon.start(TestApi.config(tokensHome, null).withSecurity(SecurityConfig.inHome(tokensHome)),
                "test");
        withoutTokens = BerthDaemon.start(TestApi.config(openHome, null), "test");
    }

    @AfterAll
    static void stop() {
        for (BerthDaemon daemon : new BerthDaemon[] {withTokens, withoutTokens}) {
            if (daemon != null) {
                daemon.close();
            }
        }
    }

    private static HttpRequest.Builder request(BerthDaemon daemon, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + path));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> login(BerthDaemon daemon, String form) throws Exception {
        return send(request(daemon, "/login").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + daemon.port()).POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static String cookie() {
        return "berth_session=" + token;
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(TestApi.JSON.readValue(response.body(), ApiError.class).code()).isEqualTo(code);
    }

    @Test
    void aGoodTokenLogsInWithAnHttpOnlyStrictCookieAndLeadsOnToALocalPath() throws Exception {
        HttpResponse<String> in = login(withTokens, "token=" + token + "&next=%2Fjobs%2F01m9%3Ftab%3Dlogs");
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).contains("/jobs/01m9?tab=logs");
        assertThat(in.headers().firstValue("Set-Cookie")).contains(cookie() + "; HttpOnly; SameSite=Strict; Path=/");

        assertThat(login(withTokens, "token=" + token).headers().firstValue("Location")).contains("/");
        assertThat(login(withTokens, "token=" + token + "&next=%2F%2Fevil.example").headers().firstValue("Location"))
                .contains("/");
        assertThat(login(withTokens, "token=" + token + "&next=https%3A%2F%2Fevil.example").headers()
                .firstValue("Location")).contains("/");
    }

    @Test
    void aBadTokenLeadsBackToTheLoginPageWithoutACookie() throws Exception {
        for (String form : new String[] {"token=berth_wrong", "token=", "", "token=" + token + "%3B%20x%3Dy"}) {
            HttpResponse<String> refused = login(withTokens, form);
            assertThat(refused.statusCode()).as(form).isEqualTo(303);
            assertThat(refused.headers().firstValue("Location")).as(form).contains("/login?error=1");
            assertThat(refused.headers().firstValue("Set-Cookie")).as(form).isEmpty();
        }
        assertThat(login(withTokens, "token=x&next=%2Fqueue").headers().firstValue("Location"))
                .contains("/login?error=1&next=%2Fqueue");
    }

    @Test
    void theCookieIsTheTokenForReadingAndLoggingOutForgetsIt() throws Exception {
        assertThat(send(request(withTokens, "/api/v1/pages/jobs").header("Cookie", cookie())).statusCode())
                .isEqualTo(200);
        assertRefused(send(request(withTokens, "/api/v1/pages/jobs").header("Cookie", "berth_session=berth_wrong")),
                401, "unauthorized");
        assertRefused(send(request(withTokens, "/api/v1/status")), 401, "unauthorized");

        HttpResponse<String> out = send(request(withTokens, "/logout").header("Cookie", cookie())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).contains("/login");
        assertThat(out.headers().firstValue("Set-Cookie")).contains("berth_session=; HttpOnly; SameSite=Strict;"
                + " Path=/; Max-Age=0");
    }

    @Test
    void aChangeOnTheCookieNeedsTheDashboardsHeaderAndABearerTokenDoesNot() throws Exception {
        HttpRequest.Builder clear = request(withTokens, "/api/v1/queue").header("Cookie", cookie()).DELETE();
        HttpResponse<String> refused = send(clear);
        assertRefused(refused, 403, "csrf");
        assertThat(TestApi.JSON.readValue(refused.body(), ApiError.class).message()).contains("X-Berth-Request: 1");

        assertThat(send(request(withTokens, "/api/v1/queue").header("Cookie", cookie())
                .header("X-Berth-Request", "1").DELETE()).statusCode()).isEqualTo(200);
        assertThat(send(request(withTokens, "/api/v1/queue").header("Authorization", "Bearer " + token)
                .DELETE()).statusCode()).as("as the CLI sends it").isEqualTo(200);
    }

    @Test
    void aChangeFromAnotherSiteIsRefusedWhateverItCarries() throws Exception {
        for (BerthDaemon daemon : new BerthDaemon[] {withTokens, withoutTokens}) {
            assertRefused(send(request(daemon, "/api/v1/queue").header("Authorization", "Bearer " + token)
                    .header("Origin", "http://evil.example").DELETE()), 403, "csrf");
            assertRefused(send(request(daemon, "/api/v1/queue").header("Authorization", "Bearer " + token)
                    .header("Origin", "null").DELETE()), 403, "csrf");
            assertRefused(send(request(daemon, "/api/v1/queue").header("Authorization", "Bearer " + token)
                    .header("Sec-Fetch-Site", "cross-site").DELETE()), 403, "csrf");
            assertRefused(send(request(daemon, "/api/v1/queue").header("Authorization", "Bearer " + token)
                    .header("Sec-Fetch-Site", "same-site").DELETE()), 403, "csrf");
            assertThat(send(request(daemon, "/api/v1/queue").header("Authorization", "Bearer " + token)
                    .header("Origin", "http://127.0.0.1:" + daemon.port()).header("Sec-Fetch-Site", "same-origin")
                    .header("X-Berth-Request", "1").DELETE()).statusCode()).isEqualTo(200);
        }
        // a "simple" form post from any page the user visits, to a server without tokens
        assertRefused(send(request(withoutTokens, "/api/v1/jobs/01m9aaaaaaaaaaaa/stop")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString("x=1"))), 403, "csrf");
    }

    @Test
    void theSessionSaysWhetherTheBrowserIsLoggedInAndNothingElse() throws Exception {
        assertThat(json(send(request(withTokens, "/api/v1/session"))))
                .isEqualTo(Map.of("authenticated", false, "tokensRequired", true));
        assertThat(json(send(request(withTokens, "/api/v1/session").header("Cookie", cookie()))))
                .isEqualTo(Map.of("authenticated", true, "tokensRequired", true));
        assertThat(json(send(request(withTokens, "/api/v1/session").header("Authorization", "Bearer " + token))))
                .isEqualTo(Map.of("authenticated", true, "tokensRequired", true));
        assertThat(json(send(request(withoutTokens, "/api/v1/session"))))
                .isEqualTo(Map.of("authenticated", true, "tokensRequired", false));
    }

    @Test
    void thePagesFilesAndLoginNeedNoTokenAndNoPathReachesTheApiThroughThem() throws Exception {
        for (String path : new String[] {"/", "/login", "/static/app.js", "/webjars/uplot/1.6.30/uPlot.min.js",
                "/favicon.ico"}) {
            assertThat(send(request(withTokens, path)).statusCode()).as(path).isNotEqualTo(401);
        }
        for (String path : new String[] {"/static/../api/v1/status", "/static/%2e%2e/api/v1/status",
                "/static//api/v1/status", "/webjars/..%2f..%2fapi/v1/status"}) {
            String answer = raw(withTokens, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            assertThat(answer).as(path).doesNotStartWith("HTTP/1.1 2").doesNotContain("\"slots\"");
        }
    }

    @Test
    void aServerWithoutTokensAnswersOnlyToLoopbackNames() throws Exception {
        for (String host : new String[] {"127.0.0.1:" + withoutTokens.port(), "localhost:" + withoutTokens.port(),
                "[::1]:" + withoutTokens.port(), "localhost"}) {
            assertThat(raw(withoutTokens, "GET /api/v1/status HTTP/1.1\r\nHost: " + host + "\r\n")).as(host)
                    .startsWith("HTTP/1.1 200");
        }
        String rebound = raw(withoutTokens, "GET /api/v1/status HTTP/1.1\r\nHost: evil.example:" + withoutTokens.port()
                + "\r\n");
        assertThat(rebound).startsWith("HTTP/1.1 403").contains("\"code\":\"bad_host\"")
                .contains("use http://127.0.0.1:" + withoutTokens.port() + "/").doesNotContain("\"slots\"");
        assertThat(raw(withTokens, "GET /api/v1/status HTTP/1.1\r\nHost: berth.lab\r\nAuthorization: Bearer " + token
                + "\r\n")).as("with tokens, any name").startsWith("HTTP/1.1 200");
    }

    @Test
    void aLoginToAServerWithoutTokensJustLeadsOn() throws Exception {
        HttpResponse<String> in = login(withoutTokens, "token=anything&next=%2Fqueue");
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).contains("/queue");
        assertThat(in.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private static Map<?, ?> json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return TestApi.JSON.readValue(response.body(), Map.class);
    }

    /** A request sent as it is written, Host header and path included (HttpClient would tidy both). */
    private static String raw(BerthDaemon daemon, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", daemon.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
