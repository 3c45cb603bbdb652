package io.berth.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code $BERTH_HOME/server.yaml}; a missing file means every default. */
public final class ServerConfigLoader {
    public static final String FILE_NAME = "server.yaml";

    private ServerConfigLoader() {}

    /** @throws ConfigException naming file, line and key for anything the file gets wrong */
    public static ServerConfig load(Path berthHome) {
        Path file = berthHome.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return ServerConfig.defaults(berthHome);
        }
        ServerConfigFile parsed = YamlFiles.read(file, ServerConfigFile.class);
        return parsed == null ? ServerConfig.defaults(berthHome) : parsed.resolve(berthHome);
    }
}
