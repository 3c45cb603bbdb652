package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
    @TempDir
    Path home;

    private TokenFile tokens() {
        return new TokenFile(home.resolve("tokens.json"),
                Clock.fixed(Instant.parse("2025-03-01T10:15:30.250Z"), ZoneOffset.UTC));
    }

    @Test
    void noFileMeansNoTokens() {
        assertThat(tokens().read()).isEmpty();
    }

    @Test
    void aNewTokenIsShownOnceAndKeptOnlyAsItsHashInAFileOnlyItsOwnerReads() throws Exception {
        TokenFile.Issued issued = tokens().create("laptop");

        assertThat(issued.secret()).matches("berth_[A-Za-z0-9_-]{43}");
        assertThat(issued.token().name()).isEqualTo("laptop");
        assertThat(issued.token().id()).matches("[0-9a-f]{8}");
        assertThat(issued.token().created()).isEqualTo(Instant.parse("2025-03-01T10:15:30Z"));
        assertThat(issued.token().sha256()).isEqualTo(TokenFile.sha256(issued.secret()));
        String stored = Files.readString(home.resolve("tokens.json"));
        assertThat(stored).contains(issued.token().sha256()).doesNotContain(issued.secret())
                .doesNotContain(issued.secret().substring(6));
        assertThat(Files.getPosixFilePermissions(home.resolve("tokens.json"))).isEqualTo(PrivateFiles.OWNER_ONLY);
        assertThat(tokens().read()).containsExactly(issued.token());
    }

    @Test
    void tokensAreListedInTheOrderTheyWereMadeAndNamedAfterTheirIdByDefault() {
        TokenFile.Issued ci = tokens().create("ci");
        TokenFile.Issued unnamed = tokens().create(null);

        assertThat(unnamed.token().name()).isEqualTo("token-" + unnamed.token().id());
        assertThat(unnamed.secret()).isNotEqualTo(ci.secret());
        assertThat(tokens().read()).containsExactly(ci.token(), unnamed.token());
    }

    @Test
    void namesAreUniqueAndChecked() {
        tokens().create("ci");
        assertThatThrownBy(() -> tokens().create("ci")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("already has a token named 'ci'");
        assertThatThrownBy(() -> tokens().create("no spaces")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--name: a token name is");
        assertThat(tokens().read()).hasSize(1);
    }

    @Test
    void anAgentsTokenNamesItsAgentAndIsNamedAfterItByDefault() {
        TokenFile.Issued issued = tokens().create(null, null, "gpu-box-1");

        assertThat(issued.token().name()).isEqualTo("agent-gpu-box-1");
        assertThat(tokens().read()).singleElement().satisfies(token -> {
            assertThat(token.agent()).isEqualTo("gpu-box-1");
            assertThat(token.sha256()).isEqualTo(TokenFile.sha256(issued.secret()));
        });
        assertThat(tokens().create("laptop").token().agent()).as("a user's").isNull();
        assertThatThrownBy(() -> tokens().create(null, null, "GPU box")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--agent: an agent name is");
        assertThat(tokens().read()).hasSize(2);
    }

    @Test
    void aTokenIsRevokedByNameOrId() {
        TokenFile.Issued ci = tokens().create("ci");
        TokenFile.Issued laptop = tokens().create("laptop");
        TokenFile.Issued desk = tokens().create("desk");

        assertThat(tokens().revoke("laptop")).contains(laptop.token());
        assertThat(tokens().revoke(desk.token().id())).contains(desk.token());
        assertThat(tokens().revoke("laptop")).isEmpty();
        assertThat(tokens().read()).containsExactly(ci.token());
    }

    @Test
    void aBrokenFileIsAnErrorNamingIt() throws Exception {
        Files.writeString(home.resolve("tokens.json"), "{\"tokens\": [{\"name\": \"x\"}]}");
        assertThatThrownBy(() -> tokens().read()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(home.resolve("tokens.json") + ": is not a Berth tokens file");
    }

    @Test
    void aTokenMayExpireAfterALifetimeGivenWithItsUnit() {
        TokenFile.Issued issued = tokens().create("ci", TokenFile.lifetime("90d"));
        Instant expires = Instant.parse("2025-05-30T10:15:30Z");
        assertThat(issued.token().expires()).isEqualTo(expires);
        assertThat(tokens().read()).containsExactly(issued.token());
        assertThat(issued.token().expiredAt(expires.minusNanos(1))).isFalse();
        assertThat(issued.token().expiredAt(expires)).isTrue();
        assertThat(tokens().create("forever").token().expiredAt(Instant.MAX)).isFalse();

        assertThat(TokenFile.lifetime("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(TokenFile.lifetime(" 30m ")).isEqualTo(Duration.ofMinutes(30));
        for (String bad : new String[] {"0d", "0s", "-5d", "90", "", "soon", "1w", "5 days", "99999999999999999999d"}) {
            assertThatThrownBy(() -> TokenFile.lifetime(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessage("--expires: expected how long the token works, more than 0 and with its unit: 90d,"
                            + " 12h, 30m or 45s; got '" + bad.strip() + "'");
        }
    }

    @Test
    void aFileWrittenBeforeTokensExpiredReadsAsTokensThatNeverExpire() throws Exception {
        String sha = TokenFile.sha256("berth_old");
        Files.writeString(home.resolve("tokens.json"), "{\"tokens\": [{\"name\": \"old\", \"id\": \"0a1b2c3d\","
                + " \"sha256\": \"" + sha + "\", \"created\": \"2024-01-01T00:00:00Z\"}]}\n");
        assertThat(tokens().read()).containsExactly(
                new TokenFile.Token("old", "0a1b2c3d", sha, Instant.parse("2024-01-01T00:00:00Z"), null));
        tokens().create("new");
        assertThat(Files.readString(home.resolve("tokens.json"))).doesNotContain("expires");
    }

    @Test
    void lastUsesAreReadAsWrittenAndNoneWithoutAFile() throws Exception {
        TokenUseFile used = TokenUseFile.beside(tokens());
        assertThat(used.path()).isEqualTo(home.resolve("tokens-used.json"));
        assertThat(used.read()).isEmpty();
        used.write(Map.of("0a1b2c3d", Instant.parse("2025-03-01T10:15:30Z")));
        assertThat(used.read()).isEqualTo(Map.of("0a1b2c3d", Instant.parse("2025-03-01T10:15:30Z")));
        assertThat(Files.getPosixFilePermissions(used.path())).isEqualTo(PrivateFiles.OWNER_ONLY);
    }
}
