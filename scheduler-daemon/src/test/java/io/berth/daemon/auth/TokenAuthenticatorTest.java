package io.berth.daemon.auth;

import static io.berth.daemon.auth.Verdict.ACCEPTED;
import static io.berth.daemon.auth.Verdict.MISSING;
import static io.berth.daemon.auth.Verdict.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.berth.config.TokenFile;
import io.berth.config.TokenUseFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthenticatorTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path home;

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    /** Nanoseconds since {@link #START}: both when the file is looked at again and the time of day. */
    private final AtomicLong clock = new AtomicLong();

    private final Clock wallClock = new Clock() {
        @Override
        public Instant instant() {
            return START.plusNanos(clock.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    };

    private TokenFile tokens() {
        return new TokenFile(home.resolve("tokens.json"), wallClock);
    }

    private TokenAuthenticator authenticator(String localSecret, boolean remote) {
        return new TokenAuthenticator(tokens(), localSecret, remote, clock::get, wallClock);
    }

    @Test
    void withoutTokensOnLoopbackEveryRequestIsAccepted() {
        TokenAuthenticator auth = authenticator("berth_local", false);
        assertThat(auth.required()).isFalse();
        assertThat(auth.check(null)).isEqualTo(ACCEPTED);
    }

    @Test
    void beyondLoopbackTokensAreAskedForEvenBeforeThereAreAny() {
        TokenAuthenticator auth = authenticator(null, true);
        assertThat(auth.required()).isTrue();
        assertThat(auth.check(null)).isEqualTo(MISSING);
    }

    @Test
    void onlyABearerTokenOfTheFileOrTheLocalOneIsAccepted() {
        String secret = tokens().create("ci").secret();
        TokenAuthenticator auth = authenticator("berth_local", false);

        assertThat(auth.check("Bearer " + secret)).isEqualTo(ACCEPTED);
        assertThat(auth.check("bearer " + secret + " ")).isEqualTo(ACCEPTED);
        assertThat(auth.check("Bearer berth_local")).isEqualTo(ACCEPTED);
        assertThat(auth.check(null)).isEqualTo(MISSING);
        assertThat(auth.check("Basic " + secret)).isEqualTo(MISSING);
        assertThat(auth.check("Bearer " + secret + "x")).isEqualTo(REJECTED);
        assertThat(auth.check("Bearer " + TokenFile.sha256(secret))).isEqualTo(REJECTED);
        assertThat(auth.check("Bearer ")).isEqualTo(REJECTED);
    }

    @Test
    void aNewTokenWorksAtOnceARevokedOneStopsWithinASecondAndRevokingAllDoesNotOpenTheServer() throws Exception {
        TokenAuthenticator auth = authenticator(null, false);
        String first = tokens().create("first").secret();
        assertThat(auth.check(null)).as("tokens asked for only from the next look on").isEqualTo(ACCEPTED);
        clock.addAndGet(SECOND);
        assertThat(auth.check(null)).isEqualTo(MISSING);
        assertThat(auth.check("Bearer " + first)).isEqualTo(ACCEPTED);

        String second = tokens().create("second").secret();
        assertThat(auth.check("Bearer " + second)).as("an unknown token makes it look again").isEqualTo(ACCEPTED);

        tokens().revoke("first");
        tokens().revoke("second");
        assertThat(auth.check("Bearer " + first)).as("a known token, looked at less than a second ago")
                .isEqualTo(ACCEPTED);
        clock.addAndGet(SECOND);
        assertThat(auth.check("Bearer " + first)).isEqualTo(REJECTED);
        assertThat(auth.check("Bearer " + second)).isEqualTo(REJECTED);
        assertThat(auth.check(null)).isEqualTo(MISSING);
        assertThat(auth.tokenCount()).isZero();
    }

    @Test
    void aBrokenFileAcceptsNoTokenButTheLocalOne() throws Exception {
        String secret = tokens().create("ci").secret();
        TokenAuthenticator auth = authenticator("berth_local", false);
        Files.writeString(home.resolve("tokens.json"), "{ half");
        clock.addAndGet(SECOND);

        assertThat(auth.check("Bearer " + secret)).isEqualTo(REJECTED);
        assertThat(auth.check("Bearer berth_local")).isEqualTo(ACCEPTED);
    }

    @Test
    void aSecretPresentedAloneIsCheckedAsABearerTokenIs() throws Exception {
        String secret = tokens().create("browser").secret();
        TokenAuthenticator auth = authenticator(null, false);
        assertThat(auth.checkSecret(secret)).isEqualTo(ACCEPTED);
        assertThat(auth.checkSecret("berth_not-a-token")).isEqualTo(REJECTED);
        assertThat(auth.checkSecret(null)).isEqualTo(MISSING);
        assertThat(auth.check("Bearer " + secret)).isEqualTo(ACCEPTED);
        assertThat(auth.check("Basic " + secret)).isEqualTo(MISSING);
    }

    @Test
    void aTokenWorksUntilTheSecondItExpiresAndIsThenRefusedSayingWhen() {
        String secret = tokens().create("short", Duration.ofHours(1)).secret();
        String forever = tokens().create("forever").secret();
        TokenAuthenticator auth = authenticator(null, false);

        clock.addAndGet(Duration.ofHours(1).minusNanos(1).toNanos());
        assertThat(auth.check("Bearer " + secret)).as("a moment before").isEqualTo(ACCEPTED);
        clock.addAndGet(1);
        Verdict expired = auth.check("Bearer " + secret);
        assertThat(expired.kind()).as("at the second it expires").isEqualTo(Verdict.Kind.EXPIRED);
        assertThat(expired.expired()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(auth.check("Bearer " + forever)).isEqualTo(ACCEPTED);
        assertThat(auth.check("Bearer " + TokenFile.newSecret())).isEqualTo(REJECTED);
    }

    @Test
    void aFileWrittenBeforeTokensExpiredKeepsWorking() throws Exception {
        String secret = TokenFile.newSecret();
        Files.writeString(home.resolve("tokens.json"), "{\"tokens\": [{\"name\": \"old\", \"id\": \"0a1b2c3d\","
                + " \"sha256\": \"" + TokenFile.sha256(secret) + "\", \"created\": \"2024-01-01T00:00:00Z\"}]}\n");
        TokenAuthenticator auth = authenticator(null, false);
        clock.addAndGet(Duration.ofDays(3650).toNanos());
        assertThat(auth.check("Bearer " + secret)).isEqualTo(ACCEPTED);
    }

    @Test
    void aUseIsWrittenAtOnceTheFirstTimeThenAtMostOnceAMinuteAndAtClose() {
        TokenFile.Issued ci = tokens().create("ci");
        TokenUseFile used = TokenUseFile.beside(tokens());
        TokenAuthenticator auth = authenticator("berth_local", false);
        assertThat(used.read()).isEmpty();

        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        auth.check("Bearer " + ci.secret());
        assertThat(used.read()).containsExactly(entry(ci.token().id(), START.plusSeconds(5)));
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        auth.check("Bearer " + ci.secret());
        auth.check("Bearer berth_local");
        assertThat(used.read()).as("not written again yet, and the server's own token not at all")
                .containsExactly(entry(ci.token().id(), START.plusSeconds(5)));
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        auth.check("Bearer " + ci.secret());
        assertThat(used.read()).containsExactly(entry(ci.token().id(), START.plusSeconds(65)));
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        auth.check("Bearer " + ci.secret());
        auth.close();
        assertThat(used.read()).containsExactly(entry(ci.token().id(), START.plusSeconds(75)));
    }

    @Test
    void lastUsesOfRevokedTokensAreDroppedAndTheServerNeverWritesTheTokensFile() throws Exception {
        TokenFile.Issued ci = tokens().create("ci");
        TokenFile.Issued laptop = tokens().create("laptop");
        TokenAuthenticator auth = authenticator(null, false);
        auth.check("Bearer " + ci.secret());
        auth.check("Bearer " + laptop.secret());

        tokens().revoke("ci");
        String revoked = Files.readString(home.resolve("tokens.json"));
        clock.addAndGet(Duration.ofMinutes(1).toNanos());
        auth.check("Bearer " + laptop.secret());
        assertThat(TokenUseFile.beside(tokens()).read()).containsOnlyKeys(laptop.token().id());
        assertThat(Files.readString(home.resolve("tokens.json"))).isEqualTo(revoked);
    }
}
