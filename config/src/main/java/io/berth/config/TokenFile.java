package io.berth.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The server's tokens: {@code $BERTH_HOME/tokens.json}, mode 0600. For each token its name, a short id,
 * the SHA-256 of its secret, when it was made and when it expires (if ever); never the secret, which is
 * shown once when it is made. Changes are made under a lock and written whole, so a running server never
 * reads half a file. Only the CLI writes this file: the server keeps when tokens were last used apart, in
 * {@link TokenUseFile}.
 */
public final class TokenFile {
    public static final String FILE_NAME = "tokens.json";
    /** Every secret starts with this, so a leaked one is recognisable (secret scanners, logs). */
    public static final String SECRET_PREFIX = "berth_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = WireJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A token as the server keeps it.
     *
     * @param expires from when on it is refused; null for never (and in files written before tokens expired)
     * @param agent   for an agent's token, the agent it belongs to: it may only be used for that agent's own calls
     *                (docs/cluster.md); null for a user's
     */
    public record Token(String name, String id, String sha256, Instant created, Instant expires, String agent) {
        public Token {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(id, "id");
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
            }
            Objects.requireNonNull(created, "created");
        }

        /** A user's token. */
        public Token(String name, String id, String sha256, Instant created, Instant expires) {
            this(name, id, sha256, created, expires, null);
        }

        /** Whether it is refused at {@code now}: from the second it expires on. */
        public boolean expiredAt(Instant now) {
            return expires != null && !now.isBefore(expires);
        }
    }

    /** A token just made, with the secret that exists nowhere else. */
    public record Issued(Token token, String secret) {}

    private record Contents(List<Token> tokens) {}

    private final Path file;
    private final Clock clock;

    public TokenFile(Path file) {
        this(file, Clock.systemUTC());
    }

    /** @param clock when tokens are made, for tests */
    public TokenFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path path() {
        return file;
    }

    /** The tokens, oldest first; none if the file does not exist. */
    public List<Token> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot be read: " + e);
        }
        try {
            Contents contents = JSON.readValue(bytes, Contents.class);
            return contents == null || contents.tokens() == null ? List.of() : List.copyOf(contents.tokens());
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(file, null, null, "is not a Berth tokens file: " + e.getMessage());
        }
    }

    /** Makes a token that never expires. */
    public Issued create(String name) {
        return create(name, null);
    }

    /**
     * Makes a token with a {@link #newSecret() new secret}.
     *
     * @param name     unique among the tokens; null names it after its id
     * @param lifetime how long it works from now ({@link #lifetime}); null for ever
     */
    public Issued create(String name, Duration lifetime) {
        return create(name, lifetime, null);
    }

    /**
     * As {@link #create(String, Duration)}, for the named agent when {@code agent} is not null: the token is then
     * good only for that agent's own calls, and is named {@code agent-<agent>} unless {@code name} says otherwise.
     */
    public Issued create(String name, Duration lifetime, String agent) {
        if (agent != null && !AgentConfig.isName(agent)) {
            throw ConfigException.invalid("--agent", "an agent name is lower-case letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit, at most 63 characters; got '" + agent + "'");
        }
        String asked = name == null && agent != null ? "agent-" + agent : name;
        if (asked != null && !NAME.matcher(asked).matches()) {
            throw ConfigException.invalid("--name", "a token name is 1 to 64 letters, digits, '.', '_', '@' or '-',"
                    + " starting with a letter or digit; got '" + asked + "'");
        }
        String secret = newSecret();
        Token[] made = new Token[1];
        update(tokens -> {
            String id = newId(tokens);
            String tokenName = asked == null ? "token-" + id : asked;
            if (tokens.stream().anyMatch(t -> t.name().equals(tokenName) || t.id().equals(tokenName))) {
                throw new ConfigException(file, null, null, "already has a token named '" + tokenName
                        + "'; pick another --name, or revoke that one first");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            made[0] = new Token(tokenName, id, sha256(secret), now, lifetime == null ? null : now.plus(lifetime), agent);
            List<Token> more = new ArrayList<>(tokens);
            more.add(made[0]);
            return more;
        });
        return new Issued(made[0], secret);
    }

    /** Removes the token with this name or id; empty if there is none. */
    public Optional<Token> revoke(String nameOrId) {
        Token[] revoked = new Token[1];
        update(tokens -> {
            List<Token> kept = new ArrayList<>();
            for (Token token : tokens) {
                if (revoked[0] == null && (token.name().equals(nameOrId) || token.id().equals(nameOrId))) {
                    revoked[0] = token;
                } else {
                    kept.add(token);
                }
            }
            return kept;
        });
        return Optional.ofNullable(revoked[0]);
    }

    /**
     * The value of {@code --expires}: a duration with its unit ({@code 90d}, {@code 12h}, {@code 30m},
     * {@code 45s}) and more than nothing. A bare number is refused: in a config file it means seconds, which
     * for a token is more likely a slip than a wish.
     */
    public static Duration lifetime(String text) {
        String value = text == null ? "" : text.strip();
        Duration lifetime = null;
        if (!value.isEmpty() && !Character.isDigit(value.charAt(value.length() - 1))) {
            try {
                lifetime = Durations.parse("--expires", value);
            } catch (ConfigException e) {
                // garbage, a sign or too many digits: one message for all, below
            }
        }
        if (lifetime == null || lifetime.isZero()) {
            throw ConfigException.invalid("--expires", "expected how long the token works, more than 0 and with"
                    + " its unit: 90d, 12h, 30m or 45s; got '" + value + "'");
        }
        return lifetime;
    }

    /** A new secret: {@link #SECRET_PREFIX} and 32 random bytes in URL-safe base64. */
    public static String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The hex SHA-256 of a secret's UTF-8 bytes: what the file keeps of it. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Read, change and write the file under a lock, so two commands at once do not lose a change. */
    private void update(Function<List<Token>, List<Token>> change) {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                List<Token> changed = change.apply(read());
                PrivateFiles.write(file, JSON.writeValueAsString(new Contents(changed)) + "\n");
            }
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot be written: " + e);
        }
    }

    private static String newId(List<Token> tokens) {
        while (true) {
            byte[] bytes = new byte[4];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (tokens.stream().noneMatch(t -> t.id().equals(id) || t.name().equals(id))) {
                return id;
            }
        }
    }
}
