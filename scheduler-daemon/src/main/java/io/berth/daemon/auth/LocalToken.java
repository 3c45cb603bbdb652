package io.berth.daemon.auth;

import io.berth.config.PrivateFiles;
import io.berth.config.TokenFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The running server's own token, for the commands of its machine ({@code berth server status}): made at
 * each start, kept in memory and in a file readable by the server's user only ({@code $BERTH_HOME/server.token}),
 * removed when the server stops. Whoever can read it can also edit the tokens file beside it.
 */
public final class LocalToken implements AutoCloseable {
    private final Path file;
    private final String secret;

    public LocalToken(Path file) {
        this.file = file;
        this.secret = TokenFile.newSecret();
    }

    public String secret() {
        return secret;
    }

    /** Writes the file: once the server listens, not before, so a start that fails leaves a running one's alone. */
    public LocalToken publish() {
        try {
            PrivateFiles.write(file, secret + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the server's local token to " + file, e);
        }
        return this;
    }

    /** Removes the file if it is still this server's. */
    @Override
    public void close() throws IOException {
        if (Files.exists(file) && Files.readString(file).strip().equals(secret)) {
            Files.delete(file);
        }
    }
}
