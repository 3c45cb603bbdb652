package io.berth.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a project's {@code job.config.yaml}. */
public final class JobConfigLoader {
    public static final String FILE_NAME = "job.config.yaml";

    private JobConfigLoader() {}

    /**
     * The project's job config; an empty one when the project has no {@code job.config.yaml}.
     *
     * @throws ConfigException naming file, line and key for anything the file gets wrong
     */
    public static JobConfig load(Path projectDir) {
        Path file = projectDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return JobConfig.empty();
        }
        return parse(file, YamlText.read(file));
    }

    /** Parses {@code text} as if it were {@code file}, which names the source in errors. */
    public static JobConfig parse(Path file, String text) {
        JobConfig config = YamlFiles.parse(file, text, JobConfig.class);
        return config == null ? JobConfig.empty() : config;
    }
}
