package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.config.ConfigException;
import io.berth.config.PrivateFiles;
import io.berth.config.SecurityConfig;
import io.berth.config.ServerConfig;
import io.berth.config.TokenFile;
import io.berth.daemon.storage.TestBundles;
import io.berth.wire.ApiError;
import io.berth.wire.JobView;
import io.berth.wire.SubmitJobRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens over real HTTP: every route family refuses a request without a token the server accepts. */
class AuthIT {
    @TempDir
    static Path home;

    private static TokenFile tokens;
    private static BerthDaemon daemon;
    private static TestApi server;
    private static TestApi api;
    private static String revokedLater;
    private static byte[] bundle;
    private static String digest;
    private static String finishedJob;

    /** One request per route family, as a client with some token (or none) would make it. */
    private record Route(String name, Function<TestApi, HttpRequest.Builder> request) {
        HttpResponse<String> sendWith(TestApi client) throws Exception {
            return client.send(request.apply(client));
        }
    }

    private static List<Route> routes() {
        return List.of(
                new Route("GET /status", c -> c.request("/status")),
                new Route("GET /jobs", c -> c.request("/jobs")),
                new Route("POST /jobs", c -> c.request("/jobs").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(new SubmitJobRequest(digest, "auth",
                                List.of("main.py"), null, null))))),
                new Route("GET /jobs/{id}/logs?follow=true", c -> c.request("/jobs/" + finishedJob + "/logs?follow=true")),
                new Route("PUT /bundles/{digest}", c -> c.request("/bundles/" + digest)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bundle))),
                new Route("HEAD /bundles/{digest}", c -> c.request("/bundles/" + digest)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())),
                new Route("GET /jobs/{id}/archive", c -> c.request("/jobs/" + finishedJob + "/archive")),
                new Route("GET /queue", c -> c.request("/queue")));
    }

    @BeforeAll
    static void startWithTwoTokens() throws Exception {
        tokens = new TokenFile(home.resolve(TokenFile.FILE_NAME));
        String secret = tokens.create("good").secret();
        revokedLater = tokens.create("revoked-later").secret();
        daemon = BerthDaemon.start(TestApi.config(home, null).withSecurity(SecurityConfig.inHome(home)), "test");
        server = new TestApi(daemon.port());
        api = server.withToken(secret);
        bundle = TestBundles.tarGz(Map.of("main.py", "print('hello from a job')\n"));
        digest = api.upload(bundle);
        JobView job = api.submitted(new SubmitJobRequest(digest, "auth", List.of("main.py"), null, null));
        assertThat(api.logs(job.id(), true)).contains("hello from a job");
        finishedJob = job.id();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void everyRouteAnswersARequestWithAToken() throws Exception {
        for (Route route : routes()) {
            HttpResponse<String> response = route.sendWith(api);
            assertThat(response.statusCode()).as(route.name() + ": " + response.body()).isBetween(200, 299);
        }
        assertThat(api.send(api.request("/no/such/route")).statusCode()).isEqualTo(404);
    }

    @Test
    void everyRouteRefusesARequestWithoutATokenSayingHowToLogIn() throws Exception {
        for (Route route : routes()) {
            assertUnauthorized(route.name(), route.sendWith(server), "Bearer realm=\"berth\"");
        }
        assertUnauthorized("an unknown route", server.send(server.request("/no/such/route")), "Bearer realm=\"berth\"");
        HttpResponse<String> refused = server.send(server.request("/status"));
        ApiError error = TestApi.JSON.readValue(refused.body(), ApiError.class);
        assertThat(error.message()).contains("carried none", "berth login <env>", "berth server token create")
                .doesNotContain("test"); // the version
    }

    @Test
    void everyRouteRefusesAWrongToken() throws Exception {
        TestApi wrong = server.withToken(TokenFile.newSecret());
        for (Route route : routes()) {
            assertUnauthorized(route.name(), route.sendWith(wrong), "Bearer realm=\"berth\", error=\"invalid_token\"");
        }
        TestApi hashAsToken = server.withToken(tokens.read().get(0).sha256());
        assertUnauthorized("the hash", hashAsToken.send(hashAsToken.request("/status")), "Bearer");
    }

    @Test
    void aTokenRevokedWhileTheServerRunsIsRefusedWithinSeconds() throws Exception {
        TestApi client = server.withToken(revokedLater);
        assertThat(client.send(client.request("/status")).statusCode()).isEqualTo(200);

        assertThat(tokens.revoke("revoked-later")).isPresent();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.send(client.request("/status")).statusCode() == 401);
        for (Route route : routes()) {
            assertUnauthorized(route.name(), route.sendWith(client), "Bearer realm=\"berth\", error=\"invalid_token\"");
        }
        assertThat(api.send(api.request("/status")).statusCode()).isEqualTo(200);
    }

    @Test
    void theServersOwnTokenIsInAFileOnlyItsUserReads() throws Exception {
        Path file = home.resolve(SecurityConfig.LOCAL_TOKEN_FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PrivateFiles.OWNER_ONLY);
        TestApi local = server.withToken(Files.readString(file).strip());
        assertThat(local.send(local.request("/status")).statusCode()).isEqualTo(200);
    }

    @Test
    void aBindBeyondLoopbackWithoutTokensRefusesToStartSayingHowToMakeOne(@TempDir Path other) {
        ServerConfig config = onAllInterfaces(other);
        assertThatThrownBy(() -> BerthDaemon.start(config, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bind: 0.0.0.0 is not a loopback address")
                .hasMessageContaining(other.resolve("tokens.json") + " holds no token")
                .hasMessageContaining("berth server token create");
        assertThat(other.resolve(SecurityConfig.LOCAL_TOKEN_FILE)).doesNotExist();
    }

    @Test
    void aBindBeyondLoopbackWithATokenStartsAndAsksForIt(@TempDir Path other) throws Exception {
        String secret = new TokenFile(other.resolve(TokenFile.FILE_NAME)).create("remote").secret();
        try (BerthDaemon remote = BerthDaemon.start(onAllInterfaces(other), "test")) {
            TestApi anonymous = new TestApi(remote.port());
            assertUnauthorized("GET /status", anonymous.send(anonymous.request("/status")), "Bearer");
            TestApi client = anonymous.withToken(secret);
            assertThat(client.send(client.request("/status")).statusCode()).isEqualTo(200);
        }
        assertThat(other.resolve(SecurityConfig.LOCAL_TOKEN_FILE)).as("removed at stop").doesNotExist();
    }

    private static ServerConfig onAllInterfaces(Path home) {
        ServerConfig local = TestApi.config(home, null);
        return new ServerConfig("0.0.0.0", 0, null, 0, local.redisAppendfsync(), local.dataDir(), local.slots(),
                local.defaultImage(), local.stopGracePeriod(), local.keyPrefix(), null)
                .withSecurity(SecurityConfig.inHome(home));
    }

    private static void assertUnauthorized(String what, HttpResponse<String> response, String challenge)
            throws Exception {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("none")).as(what).startsWith(challenge);
        if (!response.request().method().equals("HEAD")) {
            assertThat(TestApi.JSON.readValue(response.body(), ApiError.class).code()).as(what).isEqualTo("unauthorized");
        }
    }

    private static String json(Object value) {
        try {
            return TestApi.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
