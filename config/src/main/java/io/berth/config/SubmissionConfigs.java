package io.berth.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds named submission configs: {@code <project>/config/submission/<env>.config.yaml} first, then
 * {@code $BERTH_HOME/config/submission/<env>.config.yaml}, as Atlas did.
 */
public final class SubmissionConfigs {
    public static final String DEFAULT_ENV = "scheduler";
    public static final String SUFFIX = ".config.yaml";
    public static final String DEFAULT_URL = "http://127.0.0.1:5000";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern TOKEN_VALUE = Pattern.compile("[A-Za-z0-9_-]{16,512}");
    /** A top-level token key: one line, as Berth writes it (a value spread over lines would not read back). */
    private static final Pattern TOKEN_LINE = Pattern.compile("token\\s*:.*");

    private final Path home;

    /** Configs under {@link BerthHome#path()}. */
    public SubmissionConfigs() {
        this(BerthHome.path());
    }

    public SubmissionConfigs(Path berthHome) {
        this.home = berthHome;
    }

    /** A config and the file it came from. */
    public record Located(SubmissionConfig config, Path file) {}

    /** One entry of {@link #list}: the URL, or why the file cannot be used. */
    public record Listed(String env, Path file, URI schedulerUrl, String problem) {}

    /**
     * The config named {@code env}, the project's shadowing the user's.
     *
     * @throws ConfigException if no such config exists (naming where it looked and which ones do) or it is invalid
     */
    public Located find(String env, Path projectDir) {
        if (env == null || !ENV_NAME.matcher(env).matches()) {
            throw new ConfigException(null, null, null, "'" + env + "' is not a submission config name"
                    + " (letters, digits, '.', '_' and '-')");
        }
        for (Path dir : searchPath(projectDir)) {
            Path file = dir.resolve(env + SUFFIX);
            if (Files.isRegularFile(file)) {
                return new Located(load(file), file);
            }
        }
        List<String> known = new ArrayList<>(found(projectDir).keySet());
        throw new ConfigException(null, null, null, "no submission config named '" + env + "': looked for "
                + env + SUFFIX + " in " + searchPath(projectDir).get(0) + " and " + searchPath(projectDir).get(1)
                + "; " + (known.isEmpty() ? "there are none yet" : "available: " + String.join(", ", known)));
    }

    /** Every config by name, sorted; a broken file is listed with its problem instead of failing the list. */
    public List<Listed> list(Path projectDir) {
        List<Listed> listed = new ArrayList<>();
        found(projectDir).forEach((env, file) -> {
            try {
                listed.add(new Listed(env, file, load(file).schedulerUrl(), null));
            } catch (ConfigException e) {
                listed.add(new Listed(env, file, null, e.getMessage()));
            }
        });
        return listed;
    }

    /** Writes {@code scheduler.config.yaml} pointing at the default local server unless it exists. */
    public Path ensureDefault() {
        return ensureDefault(URI.create(DEFAULT_URL));
    }

    /** Writes {@code scheduler.config.yaml} pointing at {@code localServer} unless it exists; returns its path. */
    public Path ensureDefault(URI localServer) {
        return ensureDefault(localServer, null);
    }

    /**
     * As {@link #ensureDefault(URI)}, for a server that serves HTTPS with the certificate chain {@code caCert}
     * (null for plain HTTP).
     */
    public Path ensureDefault(URI localServer, Path caCert) {
        Path file = BerthHome.submissionDir(home).resolve(DEFAULT_ENV + SUFFIX);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    # The default submission config: 'berth submit scheduler ...' sends jobs here.
                    # For a remote server, copy this file to <name>.config.yaml and change the URL.
                    scheduler_url: %s
                    """.formatted(localServer) + (caCert == null ? "" : "ca_cert: " + caCert + "\n"),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            // an existing config is the user's; keep it
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot be written: " + e);
        }
        return file;
    }

    /**
     * Sets the {@code token} key of a config file, keeping its other lines (comments included), and makes the
     * file readable by its owner only.
     *
     * @return the config as it now reads
     */
    public static SubmissionConfig writeToken(Path file, String token) {
        if (!TOKEN_VALUE.matcher(token).matches()) {
            throw ConfigException.invalid("token", "a token is letters, digits, '_' and '-' (as 'berth server token"
                    + " create' prints it)");
        }
        List<String> lines = new ArrayList<>(YamlFiles.readText(file).lines().toList());
        lines.removeIf(line -> TOKEN_LINE.matcher(line).matches());
        lines.add("token: " + token);
        try {
            PrivateFiles.write(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new ConfigException(file, null, "token", "cannot be written: " + e);
        }
        SubmissionConfig written = load(file);
        if (!token.equals(written.token())) {
            throw new ConfigException(file, null, "token", "was written but does not read back; check the file");
        }
        return written;
    }

    public static SubmissionConfig load(Path file) {
        SubmissionConfigFile parsed = YamlFiles.read(file, SubmissionConfigFile.class);
        if (parsed == null) {
            throw new ConfigException(file, null, "scheduler_url", "required, e.g. " + DEFAULT_URL);
        }
        return parsed.toConfig(file);
    }

    private List<Path> searchPath(Path projectDir) {
        return List.of(projectDir.resolve("config").resolve("submission"), BerthHome.submissionDir(home));
    }

    /** env → file over both directories; the project's come first and win. */
    private Map<String, Path> found(Path projectDir) {
        Map<String, Path> found = new TreeMap<>();
        for (Path dir : searchPath(projectDir)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    String env = name.substring(0, name.length() - SUFFIX.length());
                    if (ENV_NAME.matcher(env).matches() && Files.isRegularFile(file)) {
                        found.putIfAbsent(env, file);
                    }
                }
            } catch (IOException e) {
                throw new ConfigException(dir, null, null, "cannot be listed: " + e);
            }
        }
        return found;
    }
}
