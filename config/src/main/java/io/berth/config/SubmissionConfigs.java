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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds named submission configs: {@code <project>/config/submission/<env>.config.yaml} first, then
 * {@code $BERTH_HOME/config/submission/}, then Atlas's places, so that an Atlas user's configs work
 * unmoved: {@code $FOUNDATIONS_HOME/config/submission/} (if that variable is set) and
 * {@code ~/.foundations/config/submission/}. The first place that has the name wins.
 */
public final class SubmissionConfigs {
    public static final String DEFAULT_ENV = "scheduler";
    public static final String SUFFIX = ".config.yaml";
    public static final String DEFAULT_URL = "http://127.0.0.1:5000";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern TOKEN_VALUE = Pattern.compile("[A-Za-z0-9_-]{16,512}");
    /** A top-level token key: one line, as Berth writes it (a value spread over lines would not read back). */
    private static final Pattern TOKEN_LINE = Pattern.compile("token\\s*:.*");

    /** The variable naming Atlas's home, whose {@code config/submission/} Atlas read. */
    public static final String FOUNDATIONS_HOME = "FOUNDATIONS_HOME";

    private final Path home;
    /** Every place but the project's, in the order they are searched. */
    private final List<Place> userPlaces;

    /** Where a config was found; in the order the places are searched. */
    public enum Source {
        PROJECT("project"),
        BERTH_HOME("$BERTH_HOME"),
        FOUNDATIONS_HOME("$" + SubmissionConfigs.FOUNDATIONS_HOME),
        ATLAS_USER_HOME("~/.foundations");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** How {@code berth info --env} names the place. */
        public String label() {
            return label;
        }

        /** Atlas's places, which Berth reads but never writes. */
        public boolean atlas() {
            return this == FOUNDATIONS_HOME || this == ATLAS_USER_HOME;
        }
    }

    /** A directory configs are looked for in. */
    public record Place(Source source, Path dir) {}

    /** A config, the file it came from and which kind of place that is. */
    public record Located(SubmissionConfig config, Path file, Source source) {}

    /** One entry of {@link #list}: the URL, or why the file cannot be used. */
    public record Listed(String env, Path file, Source source, URI schedulerUrl, String problem) {}

    /**
     * The user's configs: under {@link BerthHome#path()}, then Atlas's {@code $FOUNDATIONS_HOME} and
     * {@code ~/.foundations} (in the {@link UserHome}, as Atlas, which read {@code $HOME}, found it).
     */
    public SubmissionConfigs() {
        this(BerthHome.path(), pathOrNull(UserHome.variable(FOUNDATIONS_HOME)), UserHome.path());
    }

    /** Configs under {@code berthHome} only (besides the project's). */
    public SubmissionConfigs(Path berthHome) {
        this(berthHome, null, null);
    }

    /**
     * @param foundationsHome Atlas's {@code $FOUNDATIONS_HOME}, or null when it is not set
     * @param userHome        the user's home, whose {@code .foundations} Atlas used by default; null: not searched
     */
    public SubmissionConfigs(Path berthHome, Path foundationsHome, Path userHome) {
        this.home = berthHome;
        List<Place> places = new ArrayList<>();
        places.add(new Place(Source.BERTH_HOME, BerthHome.submissionDir(berthHome)));
        if (foundationsHome != null) {
            places.add(new Place(Source.FOUNDATIONS_HOME, BerthHome.submissionDir(foundationsHome)));
        }
        if (userHome != null) {
            places.add(new Place(Source.ATLAS_USER_HOME, BerthHome.submissionDir(userHome.resolve(".foundations"))));
        }
        this.userPlaces = List.copyOf(places);
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value).toAbsolutePath().normalize();
    }

    /**
     * The config named {@code env} from the first of {@link #places} that has it.
     *
     * @throws ConfigException if no such config exists (naming where it looked and which ones do) or it is invalid
     */
    public Located find(String env, Path projectDir) {
        if (env == null || !ENV_NAME.matcher(env).matches()) {
            throw new ConfigException(null, null, null, "'" + env + "' is not a submission config name"
                    + " (letters, digits, '.', '_' and '-')");
        }
        for (Place place : places(projectDir)) {
            Path file = place.dir().resolve(env + SUFFIX);
            if (Files.isRegularFile(file)) {
                return new Located(load(file), file, place.source());
            }
        }
        List<String> known = new ArrayList<>(found(projectDir).keySet());
        throw new ConfigException(null, null, null, "no submission config named '" + env + "': looked for "
                + env + SUFFIX + " in " + placesSaid(projectDir) + "; "
                + (known.isEmpty() ? "there are none yet" : "available: " + String.join(", ", known)));
    }

    /** Every config by name, sorted; a broken file is listed with its problem instead of failing the list. */
    public List<Listed> list(Path projectDir) {
        List<Listed> listed = new ArrayList<>();
        found(projectDir).forEach((env, found) -> {
            Path file = found.dir().resolve(env + SUFFIX);
            try {
                listed.add(new Listed(env, file, found.source(), load(file).schedulerUrl(), null));
            } catch (ConfigException e) {
                listed.add(new Listed(env, file, found.source(), null, e.getMessage()));
            }
        });
        return listed;
    }

    /**
     * The directories searched, in order: the project's, {@code $BERTH_HOME}'s, then Atlas's. A directory
     * that two places name (say {@code $FOUNDATIONS_HOME} is {@code ~/.foundations}) is searched once, as the first.
     */
    public List<Place> places(Path projectDir) {
        List<Place> all = new ArrayList<>();
        all.add(new Place(Source.PROJECT, projectDir.resolve("config").resolve("submission")));
        for (Place place : userPlaces) {
            Path dir = place.dir().toAbsolutePath().normalize();
            if (all.stream().noneMatch(p -> p.dir().toAbsolutePath().normalize().equals(dir))) {
                all.add(place);
            }
        }
        return all;
    }

    /** The places as a sentence names them: {@code a, b and c}. */
    public String placesSaid(Path projectDir) {
        List<String> dirs = places(projectDir).stream().map(place -> place.dir().toString()).toList();
        return dirs.size() == 1 ? dirs.get(0)
                : String.join(", ", dirs.subList(0, dirs.size() - 1)) + " and " + dirs.get(dirs.size() - 1);
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
        String text = YamlText.read(file);
        // a file Berth would not read (an alias, a tag, a typo) is the user's to fix, not to be rewritten
        YamlFiles.parse(file, text, SubmissionConfigFile.class);
        List<String> lines = new ArrayList<>(text.lines().toList());
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
        String text = YamlText.read(file);
        Optional<SubmissionConfig> quick = FlatYaml.strings(text, QUICK_KEYS).flatMap(values -> quickly(file, values));
        if (quick.isPresent()) {
            return quick.get();
        }
        SubmissionConfigFile parsed = YamlFiles.parse(file, text, SubmissionConfigFile.class);
        if (parsed == null) {
            throw new ConfigException(file, null, "scheduler_url", "required, e.g. " + DEFAULT_URL);
        }
        return parsed.toConfig(file);
    }

    /** A config of only these, each a string, is read without Jackson ({@link FlatYaml}). */
    private static final Set<String> QUICK_KEYS = Set.of("scheduler_url", "token", "ca_cert");

    /** The config those values make; empty if they are refused: the full reading then says where and why. */
    private static Optional<SubmissionConfig> quickly(Path file, Map<String, String> values) {
        try {
            return Optional.of(new SubmissionConfigFile(values.get("scheduler_url"), values.get("token"), null, null,
                    null, null, null, null, null, null, null, null, null, values.get("ca_cert")).toConfig(file));
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    /** env → the place it is found in, over every place; the first place that has a name wins. */
    private Map<String, Place> found(Path projectDir) {
        Map<String, Place> found = new TreeMap<>();
        for (Place place : places(projectDir)) {
            if (!Files.isDirectory(place.dir())) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(place.dir(), "*" + SUFFIX)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    String env = name.substring(0, name.length() - SUFFIX.length());
                    if (ENV_NAME.matcher(env).matches() && Files.isRegularFile(file)) {
                        found.putIfAbsent(env, place);
                    }
                }
            } catch (IOException e) {
                throw new ConfigException(place.dir(), null, null, "cannot be listed: " + e);
            }
        }
        return found;
    }
}
