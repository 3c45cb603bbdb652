package io.berth.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each token was last used: {@code tokens-used.json} beside {@code tokens.json}, by token id.
 * The running server is its only writer and replaces it whole; {@code berth server token list} reads it.
 * It is a file of its own so that the server never writes {@code tokens.json}, which the CLI changes: a
 * token created or revoked while the server notes a use can then not be lost or brought back.
 */
public final class TokenUseFile {
    public static final String FILE_NAME = "tokens-used.json";
    private static final ObjectMapper JSON = WireJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private record Contents(Map<String, Instant> lastUsed) {}

    private final Path file;

    public TokenUseFile(Path file) {
        this.file = file;
    }

    /** The one beside a tokens file. */
    public static TokenUseFile beside(TokenFile tokens) {
        return new TokenUseFile(tokens.path().resolveSibling(FILE_NAME));
    }

    public Path path() {
        return file;
    }

    /** Last uses by token id; none if the file does not exist. */
    public Map<String, Instant> read() {
        try {
            Contents contents = JSON.readValue(Files.readAllBytes(file), Contents.class);
            return contents == null || contents.lastUsed() == null ? Map.of() : Map.copyOf(contents.lastUsed());
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(file, null, null, "is not a Berth token-use file: " + e.getMessage());
        }
    }

    /** Replaces the file (mode 0600, renamed into place, so a reader never sees half of it). */
    public void write(Map<String, Instant> lastUsed) {
        try {
            PrivateFiles.write(file, JSON.writeValueAsString(new Contents(new TreeMap<>(lastUsed))) + "\n");
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot be written: " + e);
        }
    }
}
