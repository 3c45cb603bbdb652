package io.berth.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code $BERTH_HOME/agent.yaml}; a missing file means every default. */
public final class AgentConfigLoader {
    public static final String FILE_NAME = "agent.yaml";

    private AgentConfigLoader() {}

    /** @throws ConfigException naming file, line and key for anything the file gets wrong */
    public static AgentConfig load(Path berthHome) {
        return load(berthHome, hostName());
    }

    static AgentConfig load(Path berthHome, String hostName) {
        Path file = berthHome.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return AgentConfig.defaults(hostName);
        }
        AgentConfigFile parsed = YamlFiles.read(file, AgentConfigFile.class);
        return parsed == null ? AgentConfig.defaults(hostName) : parsed.resolve(berthHome, hostName);
    }

    /**
     * A head URL given on the command line ({@code --server}), checked as {@code server:} in agent.yaml is.
     *
     * @throws ConfigException naming the option
     */
    public static URI parseServer(String option, String value) {
        return AgentConfigFile.parseServer(option, value);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "agent";
        }
    }
}
