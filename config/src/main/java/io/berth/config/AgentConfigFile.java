package io.berth.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.berth.wire.Labels;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The YAML shape of {@code agent.yaml}: every key optional, checked as it is read. */
record AgentConfigFile(
        String server,
        String tokenFile,
        String caCert,
        String name,
        String dockerHost,
        Integer slots,
        Double cpus,
        MemorySize memory,
        @JsonDeserialize(using = ConfigDeserializers.GpuList.class) SchedulingConfig.Gpus gpus,
        Map<String, String> labels,
        String dependencyInstallCommand,
        Duration dependencyInstallTimeout) {

    AgentConfigFile {
        if (server != null) {
            parseServer("server", server);
        }
        requireNotBlank("token_file", tokenFile);
        requireNotBlank("ca_cert", caCert);
        if (name != null && !AgentConfig.isName(name)) {
            throw ConfigException.invalid("name", "expected lower-case letters, digits, '.', '_' or '-', starting with"
                    + " a letter or digit, at most 63 characters, got '" + name + "'");
        }
        requireNotBlank("docker_host", dockerHost);
        if (slots != null && slots < 1) {
            throw ConfigException.invalid("slots", "must be 1 or more, got " + slots);
        }
        if (cpus != null && !(cpus > 0)) {
            throw ConfigException.invalid("cpus", "must be more than 0, got " + cpus);
        }
        ServerConfigFile.checkDependencyInstall(dependencyInstallCommand, dependencyInstallTimeout);
        String badLabel = labels == null ? null : Labels.whyNot(labels);
        if (badLabel != null) {
            throw ConfigException.invalid("labels", "label " + badLabel);
        }
    }

    AgentConfig resolve(Path berthHome, String hostName) {
        SchedulingConfig d = SchedulingConfig.defaults();
        return new AgentConfig(server == null ? null : parseServer("server", server),
                tokenFile == null ? null : BerthHome.resolveUserPath(berthHome, tokenFile),
                caCert == null ? null : BerthHome.resolveUserPath(berthHome, caCert),
                name != null ? name : nameOf(hostName), dockerHost, slots != null ? slots : AgentConfig.DEFAULT_SLOTS,
                new SchedulingConfig(cpus, memory, gpus != null ? gpus : d.gpus(), d.starvationBound(),
                        d.defaultMaxAttempts(), d.pidsLimit(), d.maxLogSize(), null, d.bundles()),
                labels, dependencyInstallCommand, dependencyInstallTimeout != null ? dependencyInstallTimeout
                        : ServerConfig.DEFAULT_DEPENDENCY_INSTALL_TIMEOUT);
    }

    /** A host name as an agent name: lower case, up to its first dot, anything else replaced by '-'. */
    static String nameOf(String hostName) {
        String first = hostName.toLowerCase(Locale.ROOT).split("\\.", 2)[0].replaceAll("[^a-z0-9_-]", "-");
        String trimmed = first.replaceAll("^[^a-z0-9]+", "");
        String name = trimmed.length() > 63 ? trimmed.substring(0, 63) : trimmed;
        return name.isEmpty() ? "agent" : name;
    }

    /** An http(s) URL with a host, without a path beyond '/'. */
    static URI parseServer(String key, String value) {
        try {
            URI url = URI.create(value.strip());
            if (("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                    && url.getHost() != null && (url.getRawPath() == null || url.getRawPath().isEmpty()
                    || url.getRawPath().equals("/")) && url.getRawQuery() == null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ConfigException.invalid(key, "must be the head's URL, like https://head.lab:5000, got '" + value + "'");
    }

    private static void requireNotBlank(String key, String value) {
        if (value != null && value.isBlank()) {
            throw ConfigException.invalid(key, "must not be empty");
        }
    }
}
