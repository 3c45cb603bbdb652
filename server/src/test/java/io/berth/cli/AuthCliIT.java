package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static io.berth.cli.CliRun.berthIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.config.PrivateFiles;
import io.berth.wire.ApiError;
import io.berth.wire.WireJson;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tokens as a user handles them: made with 'berth server token', stored with 'berth login', refused when wrong. */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AuthCliIT {
    private static final String SECRET = "berth_[A-Za-z0-9_-]{43}";

    @TempDir
    static Path root;

    private static HomeServer server;
    private static String url;

    @BeforeAll
    static void startAServerThatHasAToken() throws Exception {
        server = new HomeServer(root, "", home -> assertThat(berth("server", "token", "create", "--name", "first")
                .exitCode()).isZero());
        url = "http://127.0.0.1:" + server.port;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tokensAreMadeListedAndRevokedOnTheServersHome() throws Exception {
        CliRun created = berth("server", "token", "create", "--name", "ci");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out().strip()).matches(SECRET);
        assertThat(created.err()).containsPattern("Created token 'ci' \\(id [0-9a-f]{8}\\)")
                .contains("shown only this once", "berth login <env>");
        assertThat(Files.readString(server.home.resolve("tokens.json"))).doesNotContain(created.out().strip());

        CliRun list = berth("server", "token", "list");
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).matches("NAME +ID +FOR +CREATED +EXPIRES +LAST USED");
        String ciRow = lines.stream().filter(l -> l.startsWith("ci ")).findFirst().orElseThrow();
        assertThat(ciRow.indexOf(ciRow.split(" +")[1])).as("the id under ID").isEqualTo(lines.get(0).indexOf("ID"));
        assertThat(ciRow).matches("ci +[0-9a-f]{8} +user +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +never +never");
        JsonNode json = WireJson.mapper().readTree(berth("server", "token", "list", "--json").out());
        JsonNode ci = findByName(json, "ci");
        assertThat(ci.get("id").asText()).isEqualTo(ciRow.split(" +")[1]);
        assertThat(ci.has("sha256")).isFalse();

        assertThat(berth("server", "token", "create", "--name", "ci").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        CliRun revoked = berth("server", "token", "revoke", ci.get("id").asText());
        assertThat(revoked.out()).contains("Revoked token 'ci'");
        assertThat(berth("server", "token", "list").out()).doesNotContain("ci ");
        CliRun again = berth("server", "token", "revoke", "ci");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT);
        assertThat(again.err()).contains("no token is named or has the id 'ci'");
    }

    @Test
    void loginStoresTheTokenReadableOnlyByTheUserAndLaterCommandsWork() throws Exception {
        Path config = server.writeSubmissionConfig("remote", "# the lab's server\nscheduler_url: " + url
                + "\njob_results_root: /tmp/atlas\n");
        CliRun before = berth("list", "remote");
        assertThat(before.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(before.err()).isEqualTo("berth: env 'remote' (" + url + "): the server asks for a token and the env"
                + " has none; log in with: berth login remote\n");

        String secret = berth("server", "token", "create", "--name", "laptop").out().strip();
        CliRun login = withStdin(secret + "\n", () -> berth("login", "remote", "--token-stdin"));

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Logged in: env 'remote' (" + url + ")");
        assertThat(Files.getPosixFilePermissions(config)).isEqualTo(PrivateFiles.OWNER_ONLY);
        assertThat(Files.readString(config)).isEqualTo("# the lab's server\nscheduler_url: " + url
                + "\njob_results_root: /tmp/atlas\ntoken: " + secret + "\n");
        CliRun list = berth("list", "remote");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(berth("get", "queue", "remote").exitCode()).isZero();
    }

    @Test
    void aWrongTokenIsNotSavedAndAWrongOrRevokedOneGivesOneLineAndItsExitCode() throws Exception {
        Path config = server.writeSubmissionConfig("lab", "scheduler_url: " + url + "\n");
        CliRun wrong = withStdin("berth_wrongwrongwrongwrong\n", () -> berth("login", "lab", "--token-stdin"));
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(wrong.err()).isEqualTo("berth: the server at " + url + " does not accept this token (wrong,"
                + " revoked or expired); nothing was saved\n");
        assertThat(Files.readString(config)).isEqualTo("scheduler_url: " + url + "\n");

        String secret = berth("server", "token", "create", "--name", "lab").out().strip();
        assertThat(withStdin(secret + "\n", () -> berth("login", "lab", "--token-stdin")).exitCode()).isZero();
        assertThat(berth("list", "lab").exitCode()).isZero();
        berth("server", "token", "revoke", "lab");

        await().atMost(Duration.ofSeconds(5)).until(() -> berth("list", "lab").exitCode() == ExitCodes.UNAUTHORIZED);
        CliRun refused = berth("get", "logs", "lab", "0123456789abcdef");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(refused.err()).isEqualTo("berth: env 'lab' (" + url + "): the server does not accept its token"
                + " (wrong, revoked or expired); log in with: berth login lab\n");
    }

    @Test
    void loginRefusesAProjectsOwnConfigAndNeedsATerminalOrStdin(@TempDir Path project) throws Exception {
        Path own = project.resolve("config/submission/proj.config.yaml");
        Files.createDirectories(own.getParent());
        Files.writeString(own, "scheduler_url: " + url + "\n");
        CliRun refused = withStdin("berth_whatever0000000000\n", () -> berthIn(project, "login", "proj", "--token-stdin"));
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(refused.err()).contains("goes into every bundle", "move that file to "
                + server.home.resolve("config/submission"));

        server.writeSubmissionConfig("prompted", "scheduler_url: " + url + "\n");
        CliRun noConsole = berth("login", "prompted");
        assertThat(noConsole.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noConsole.err()).contains("--token-stdin");
    }

    @Test
    void theServerCommandsUseTheServersOwnToken() {
        CliRun status = berth("server", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).startsWith("Berth server test at " + url);
    }

    @Test
    void aTokenWorksUntilItExpiresThenIsRefusedSayingSoAndItsLastUseIsListed() throws Exception {
        CliRun refused = berth("server", "token", "create", "--name", "never", "--expires", "0d");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(refused.err()).startsWith("berth: --expires: expected how long the token works, more than 0");

        CliRun created = berth("server", "token", "create", "--name", "brief", "--expires", "5s");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.err()).containsPattern("Created token 'brief' \\(id [0-9a-f]{8}\\), which expires at \\d{4}-");
        String secret = created.out().strip();
        assertThat(status(secret).statusCode()).isEqualTo(200);

        JsonNode brief = findByName(WireJson.mapper().readTree(berth("server", "token", "list", "--json").out()), "brief");
        Instant expires = Instant.parse(brief.get("expires").asText());
        assertThat(brief.get("expired").asBoolean()).isFalse();
        assertThat(Instant.parse(brief.get("lastUsed").asText())).isBetween(expires.minusSeconds(6), expires);
        List<String> lines = berth("server", "token", "list").out().lines().toList();
        assertThat(lines.get(0)).matches("NAME +ID +FOR +CREATED +EXPIRES +LAST USED");
        assertThat(lines).anyMatch(row -> row.matches("brief +[0-9a-f]{8} +user +\\S+ +" + expires + " +" + brief.get(
                "lastUsed").asText()));
        assertThat(lines).anyMatch(row -> row.matches("first +[0-9a-f]{8} +user +\\S+ +never +never"));

        await().atMost(Duration.ofSeconds(15)).until(() -> status(secret).statusCode() == 401);
        HttpResponse<String> expired = status(secret);
        assertThat(expired.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"berth\", error=\"invalid_token\"");
        ApiError error = WireJson.mapper().readValue(expired.body(), ApiError.class);
        assertThat(error.code()).isEqualTo("unauthorized");
        assertThat(error.message()).startsWith("the request's token expired at " + expires + "; log in with");
        assertThat(berth("server", "token", "list").out()).containsPattern("brief +[0-9a-f]{8} +user +\\S+ +expired +");
    }

    private static HttpResponse<String> status(String secret) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/status"))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode findByName(JsonNode tokens, String name) {
        for (JsonNode token : tokens) {
            if (token.get("name").asText().equals(name)) {
                return token;
            }
        }
        throw new AssertionError("no token " + name + " in " + tokens);
    }

    private static CliRun withStdin(String input, java.util.function.Supplier<CliRun> run) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(original);
        }
    }
}
