package io.berth.config;

import io.berth.wire.ProjectNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What {@code berth init} writes: main.py, job.config.yaml, README.txt, .berthignore and data/. */
public final class ProjectTemplate {
    private static final String RESOURCES = "template/";
    private static final String NAME_PLACEHOLDER = "{{project_name}}";

    private ProjectTemplate() {}

    /** The template's {@code job.config.yaml} for a project of that name: every key, explained. */
    public static String jobConfigYaml(String projectName) {
        return resource("job.config.yaml").replace(NAME_PLACEHOLDER, yamlScalar(projectName));
    }

    /** File name to content, in the order they are written. */
    public static Map<String, String> files(String projectName) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("main.py", resource("main.py"));
        files.put(JobConfigLoader.FILE_NAME, jobConfigYaml(projectName));
        files.put("README.txt", resource("README.txt"));
        files.put(".berthignore", resource("berthignore"));
        return files;
    }

    /**
     * Creates {@code dir} (and missing parents) with the template; the project is named after the directory (see
     * {@link ProjectNames#fromDirectoryName}). Checks first, and on a failure removes what it created, so a
     * refused init leaves nothing behind.
     *
     * @return the project's name, as its job.config.yaml gives it
     * @throws ConfigException if {@code dir} exists and is not an empty directory, cannot be reached, or cannot be written
     */
    public static String write(Path dir) {
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new ConfigException(null, null, null, "cannot create the project " + dir + ": it already exists and is "
                    + (Files.isDirectory(dir) ? "not empty; choose a new directory" : "not a directory"));
        }
        requireReachable(dir);
        Path created = topmostMissing(dir);
        Path name = dir.toAbsolutePath().normalize().getFileName();
        String projectName = ProjectNames.fromDirectoryName(name == null ? "" : name.toString());
        try {
            Files.createDirectories(dir.resolve("data"));
            for (Map.Entry<String, String> file : files(projectName).entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            // an empty directory that was there stays, emptied again; one this made goes
            deleteQuietly(created != null ? created : dir, created == null);
            throw new ConfigException(null, null, null, "cannot create the project " + dir + ": " + e
                    + "; nothing was left behind");
        }
        return projectName;
    }

    /**
     * The system follows {@code x/..} only where x is a directory, while Java's path handling drops the pair:
     * {@code p1x/../p1} without p1x would make p1's directories, then fail to write its files.
     */
    private static void requireReachable(Path dir) {
        Path prefix = dir.isAbsolute() ? dir.getRoot() : null;
        for (Path name : dir) {
            if (name.toString().equals("..") && prefix != null && !Files.isDirectory(prefix)) {
                throw new ConfigException(null, null, null, "cannot create the project " + dir + ": " + prefix
                        + " is not an existing directory, so '..' after it leads nowhere; nothing was created");
            }
            prefix = prefix == null ? name : prefix.resolve(name);
        }
    }

    /** The outermost directory that creating {@code dir} makes, or null if it exists. */
    private static Path topmostMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private static void deleteQuietly(Path tree, boolean keepRoot) {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!(keepRoot && p.equals(tree))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the error that got us here is what the user needs to see
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Plain when safe, else double-quoted, so any directory name gives valid YAML. */
    private static String yamlScalar(String value) {
        if (value.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") && !value.matches("(?i)true|false|yes|no|on|off|null|~")
                && !value.matches("[0-9.eE+-]+")) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String resource(String name) {
        try (InputStream in = ProjectTemplate.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("template resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
