package io.berth.daemon.auth;

import static io.berth.daemon.auth.TokenAuthenticator.Verdict.ACCEPTED;
import static io.berth.daemon.auth.TokenAuthenticator.Verdict.MISSING;
import static io.berth.daemon.auth.TokenAuthenticator.Verdict.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.config.TokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthenticatorTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path home;

    private final AtomicLong clock = new AtomicLong();

    private TokenFile tokens() {
        return new TokenFile(home.resolve("tokens.json"));
    }

    private TokenAuthenticator authenticator(String localSecret, boolean remote) {
        return new TokenAuthenticator(tokens(), localSecret, remote, clock::get);
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
}
