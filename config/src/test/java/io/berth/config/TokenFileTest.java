package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
}
