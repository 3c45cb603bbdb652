package io.berth.daemon.storage;

import io.berth.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name a server gives the containers it makes, kept in {@code <data dir>/server-id} so it outlives
 * restarts. Several servers may share one Docker engine; each takes up and removes only containers
 * carrying its own name.
 */
public final class ServerId {
    static final String FILE_NAME = "server-id";
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{16}");

    private ServerId() {}

    /** The data directory's server id, made on its first start. */
    public static String of(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!FORM.matcher(id).matches()) {
                throw new ConfigException(null, null, "data_dir", file + " is not a Berth server id (16 hex digits);"
                        + " remove the file only if no container of this server is running, and a new id is made");
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /** A hard link where the file system has them; else a move that refuses to replace an id already there. */
    private static void link(Path file, Path draft) throws IOException {
        try {
            Files.createLink(file, draft);
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            if (noHardLinks instanceof FileAlreadyExistsException exists) {
                throw exists;
            }
            Files.move(draft, file); // without REPLACE_EXISTING: fails if another start made one meanwhile
        }
    }

    /** Written aside and linked into place, so two starts racing agree on one id and none reads half of it. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        Path draft = Files.createTempFile(file.getParent(), FILE_NAME, ".new");
        try {
            Files.writeString(draft, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
            link(file, draft);
        } catch (FileAlreadyExistsException anotherStartWon) {
            // keep theirs
        } finally {
            Files.deleteIfExists(draft);
        }
    }
}
