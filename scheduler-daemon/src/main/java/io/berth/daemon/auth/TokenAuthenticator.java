package io.berth.daemon.auth;

import io.berth.config.ConfigException;
import io.berth.config.TokenFile;
import io.berth.config.TokenUseFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request's {@code Authorization: Bearer <secret>} (or a browser's session cookie) names one
 * of the server's tokens.
 * Tokens are asked for once the tokens file holds one (or the server listens beyond loopback), and from
 * then on until the server stops, even if every token is revoked: the server never silently opens up.
 * The file is read again when it changes, so that {@code berth server token create} and {@code revoke} take
 * effect without a restart: it is looked at for each token it does not know (a new token works at once),
 * and otherwise at most once a {@link #RECHECK} (a revoked one stops working within it).
 * A token is refused from the second it expires on; each accepted one's use is noted
 * ({@link TokenUseRecorder}).
 */
public final class TokenAuthenticator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticator.class);
    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final String BEARER = "bearer ";

    private record Stamp(FileTime modified, long size, Object fileKey) {}

    /** A token of the file, with its hash as bytes. */
    private record Known(byte[] hash, TokenFile.Token token) {}

    private final TokenFile file;
    private final byte[] localHash;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final TokenUseRecorder uses;
    private volatile List<Known> tokens;
    private volatile boolean required;
    private Stamp stamp;
    private long lastCheck;

    /**
     * @param file        the tokens file, or null for none
     * @param localSecret the running server's own token (for the commands of its machine), or null
     * @param required    whether tokens are asked for even while the file holds none (a non-loopback bind)
     * @throws ConfigException if the tokens file exists but cannot be read
     */
    public TokenAuthenticator(TokenFile file, String localSecret, boolean required) {
        this(file, localSecret, required, System::nanoTime, Clock.systemUTC());
    }

    /**
     * @param nanoTime when to look at the file again
     * @param clock    when tokens expire and were used
     */
    TokenAuthenticator(TokenFile file, String localSecret, boolean required, LongSupplier nanoTime, Clock clock) {
        this.file = file;
        this.localHash = localSecret == null ? null : hash(localSecret);
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.uses = file == null ? null : new TokenUseRecorder(TokenUseFile.beside(file));
        this.stamp = stamp();
        this.tokens = file == null ? List.of() : known(file.read());
        this.required = required || !tokens.isEmpty();
        this.lastCheck = nanoTime.getAsLong();
    }

    /** How many tokens of the file are accepted now. */
    public int tokenCount() {
        refresh();
        return tokens.size();
    }

    /** Whether requests must carry a token now. */
    public boolean required() {
        refresh();
        return required;
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    public Verdict check(String authorization) {
        boolean bearer = authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER);
        return checkSecret(bearer ? authorization.substring(BEARER.length()) : null);
    }

    /** @param secret a token's secret as a client presented it (a browser, in its session cookie), or null */
    public Verdict checkSecret(String secret) {
        refresh();
        if (!required) {
            return Verdict.ACCEPTED;
        }
        if (secret == null) {
            return Verdict.MISSING;
        }
        byte[] presented = hash(secret.strip());
        if (localHash != null && MessageDigest.isEqual(presented, localHash)) {
            return Verdict.ACCEPTED;
        }
        TokenFile.Token token = find(presented);
        if (token == null) {
            refresh(true); // a token made a moment ago works at once
            token = find(presented);
        }
        if (token == null) {
            return Verdict.REJECTED;
        }
        Instant now = clock.instant();
        if (token.expiredAt(now)) {
            return Verdict.expiredAt(token.expires()); // only to a holder of its secret
        }
        uses.record(token.id(), now);
        return Verdict.accepted(token.agent());
    }

    /** The file's token with this hash, or null. */
    private TokenFile.Token find(byte[] presented) {
        TokenFile.Token match = null;
        for (Known known : tokens) {
            if (MessageDigest.isEqual(presented, known.hash())) { // no early exit: the time taken names no token
                match = known.token();
            }
        }
        return match;
    }

    /** Writes the last uses not yet written. */
    @Override
    public void close() {
        if (uses != null) {
            uses.close();
        }
    }

    private void refresh() {
        refresh(false);
    }

    /** @param now whether to look at the file even if it was looked at less than {@link #RECHECK} ago */
    private synchronized void refresh(boolean now) {
        long time = nanoTime.getAsLong();
        if (file == null || !now && time - lastCheck < RECHECK.toNanos()) {
            return;
        }
        lastCheck = time;
        Stamp current = stamp();
        if (current == null ? stamp == null : current.equals(stamp)) {
            return;
        }
        stamp = current;
        try {
            tokens = known(file.read());
            required |= !tokens.isEmpty();
            uses.retain(tokens.stream().map(known -> known.token().id()).collect(Collectors.toSet()));
            LOG.info("tokens file {} changed: {} token(s)", file.path(), tokens.size());
        } catch (ConfigException e) {
            tokens = List.of(); // fail closed until the file is fixed; the local token still works
            required = true;
            LOG.error("{}; no token but the server's own is accepted until it is fixed", e.getMessage());
        }
    }

    /** When, how large and which file it is: a token file is replaced whole, so any change shows in one of them. */
    private Stamp stamp() {
        if (file == null) {
            return null;
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return new Stamp(FileTime.fromMillis(0), -1, e.toString()); // unreadable: read() says why
        }
    }

    private static List<Known> known(List<TokenFile.Token> tokens) {
        return tokens.stream().map(token -> new Known(HexFormat.of().parseHex(token.sha256()), token)).toList();
    }

    private static byte[] hash(String secret) {
        return HexFormat.of().parseHex(TokenFile.sha256(secret));
    }
}
