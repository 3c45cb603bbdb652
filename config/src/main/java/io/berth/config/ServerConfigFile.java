package io.berth.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.berth.wire.Labels;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The YAML shape of {@code server.yaml}: every key optional, checked as it is read. */
record ServerConfigFile(
        String bind,
        Integer port,
        String redisUrl,
        Boolean redisInsecure,
        Integer embeddedRedisPort,
        String redisAppendfsync,
        String dataDir,
        Integer slots,
        String defaultImage,
        Duration stopGracePeriod,
        String keyPrefix,
        String dockerHost,
        Double cpus,
        MemorySize memory,
        @JsonDeserialize(using = ConfigDeserializers.GpuList.class) SchedulingConfig.Gpus gpus,
        Duration starvationBound,
        Integer maxAttempts,
        Long pidsLimit,
        MemorySize maxLogSize,
        Duration archiveRetention,
        MemorySize maxBundleSize,
        MemorySize maxUnpackedSize,
        Integer maxBundleEntries,
        String dependencyInstallCommand,
        Duration dependencyInstallTimeout,
        List<String> volumeAllowList,
        String tlsCert,
        String tlsKey,
        Boolean runJobsAsSubmitter,
        String network,
        List<String> allowedNetworks,
        MemorySize defaultMemory,
        String defaultUser,
        Boolean readOnlyRoot,
        Object dockerLogMaxSize,
        Integer dockerLogMaxFiles,
        Duration agentLease,
        Map<String, String> labels) {

    private static final Set<String> FSYNC_POLICIES = Set.of("always", "everysec", "no");
    /** The {@code docker_log_max_size} that leaves Docker's log to the engine's own driver and options. */
    private static final String ENGINE_LOG = "none";
    private static final Duration MIN_AGENT_LEASE = Duration.ofSeconds(3);

    ServerConfigFile {
        requireNotBlank("bind", bind);
        requirePort("port", port);
        requirePort("embedded_redis_port", embeddedRedisPort);
        if (redisUrl != null) {
            URI url = parseRedisUrl(redisUrl);
            if (!Boolean.TRUE.equals(redisInsecure)) {
                RedisExposure.whyRefused(url).ifPresent(why -> {
                    throw ConfigException.invalid("redis_url", why);
                });
            }
        }
        if (redisAppendfsync != null && !FSYNC_POLICIES.contains(redisAppendfsync)) {
            throw ConfigException.invalid("redis_appendfsync", "must be always, everysec or no, got '"
                    + redisAppendfsync + "'");
        }
        requireNotBlank("data_dir", dataDir);
        if (slots != null && slots < 1) {
            throw ConfigException.invalid("slots", "must be 1 or more, got " + slots);
        }
        requireNotBlank("default_image", defaultImage);
        if (keyPrefix != null && !keyPrefix.matches("[A-Za-z0-9_.-]+")) {
            throw ConfigException.invalid("key_prefix", "must be letters, digits, '_', '.' or '-', got '"
                    + keyPrefix + "'");
        }
        requireNotBlank("docker_host", dockerHost);
        if (cpus != null && !(cpus > 0)) {
            throw ConfigException.invalid("cpus", "must be more than 0, got " + cpus);
        }
        if (starvationBound != null && starvationBound.isZero()) {
            throw ConfigException.invalid("starvation_bound", "must be more than 0s");
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw ConfigException.invalid("max_attempts", "must be 1 or more, got " + maxAttempts);
        }
        if (maxBundleEntries != null && maxBundleEntries < 1) {
            throw ConfigException.invalid("max_bundle_entries", "must be 1 or more, got " + maxBundleEntries);
        }
        if (pidsLimit != null && pidsLimit < 16) {
            throw ConfigException.invalid("pids_limit", "must be 16 or more, got " + pidsLimit);
        }
        checkDependencyInstall(dependencyInstallCommand, dependencyInstallTimeout);
        if (volumeAllowList != null) {
            for (String path : volumeAllowList) {
                if (path == null || !path.startsWith("/") || !Path.of(path).normalize().toString().equals(path)) {
                    throw ConfigException.invalid("volume_allow_list", "expected absolute paths without '..' or a"
                            + " trailing '/', got '" + path + "'");
                }
            }
        }
        if (network != null) {
            NetworkConfig.checkNames("network", List.of(network));
        }
        if (allowedNetworks != null) {
            NetworkConfig.checkNames("allowed_networks", allowedNetworks);
        }
        if (defaultUser != null && !ContainerDefaults.isUidGid(defaultUser)) {
            throw ConfigException.invalid("default_user", "must be uid:gid in numbers (1000:1000), got '"
                    + defaultUser + "'");
        }
        if (memory != null && defaultMemory != null && defaultMemory.bytes() > memory.bytes()) {
            throw ConfigException.invalid("default_memory", "is more than memory, all the memory jobs may have ("
                    + memory + "): no job that sets none could run");
        }
        String badLabel = labels == null ? null : Labels.whyNot(labels);
        if (badLabel != null) {
            throw ConfigException.invalid("labels", "label " + badLabel);
        }
        if (agentLease != null && agentLease.compareTo(MIN_AGENT_LEASE) < 0) {
            throw ConfigException.invalid("agent_lease", "must be " + MIN_AGENT_LEASE.toSeconds() + "s or more (agents"
                    + " beat at a third of it), got " + agentLease.toMillis() / 1000.0 + "s");
        }
        checkDockerLog(dockerLogMaxSize, dockerLogMaxFiles, or(maxLogSize, SchedulingConfig.DEFAULT_MAX_LOG_SIZE));
        requireNotBlank("tls_cert", tlsCert);
        requireNotBlank("tls_key", tlsKey);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw ConfigException.invalid(tlsCert == null ? "tls_cert" : "tls_key", "HTTPS needs both tls_cert (the"
                    + " certificate chain, PEM) and tls_key (its private key, PEM)");
        }
    }

    ServerConfig resolve(Path berthHome) {
        ServerConfig d = ServerConfig.defaults(berthHome);
        return new ServerConfig(
                or(bind, d.bind()),
                or(port, d.port()),
                redisUrl == null ? null : parseRedisUrl(redisUrl),
                or(embeddedRedisPort, d.embeddedRedisPort()),
                or(redisAppendfsync, d.redisAppendfsync()),
                dataDir == null ? d.dataDir() : BerthHome.resolveUserPath(berthHome, dataDir),
                or(slots, d.slots()),
                or(defaultImage, d.defaultImage()),
                or(stopGracePeriod, d.stopGracePeriod()),
                or(keyPrefix, d.keyPrefix()),
                dockerHost,
                scheduling(d.scheduling()),
                dependencyInstallCommand,
                or(dependencyInstallTimeout, d.dependencyInstallTimeout()),
                volumeAllowList,
                d.security().withTls(tlsCert == null ? null : new TlsConfig(
                        BerthHome.resolveUserPath(berthHome, tlsCert), BerthHome.resolveUserPath(berthHome, tlsKey)))
                        .withRunJobsAsSubmitter(Boolean.TRUE.equals(runJobsAsSubmitter)),
                new NetworkConfig(or(network, d.networks().defaultNetwork()),
                        or(allowedNetworks, d.networks().allowed())),
                new ContainerDefaults(defaultMemory, defaultUser, Boolean.TRUE.equals(readOnlyRoot),
                        dockerLog(dockerLogMaxSize, dockerLogMaxFiles, or(maxLogSize, d.scheduling().maxLogSize()))),
                or(agentLease, d.agentLease()),
                labels);
    }

    /** Fields are not yet set while the constructor checks: the values come as arguments. */
    private static void checkDockerLog(Object maxSize, Integer maxFiles, MemorySize kept) {
        if (maxFiles != null && maxFiles < 1) {
            throw ConfigException.invalid("docker_log_max_files", "must be 1 or more, got " + maxFiles);
        }
        if (ENGINE_LOG.equals(maxSize) && maxFiles != null) {
            throw ConfigException.invalid("docker_log_max_files", "has no effect with docker_log_max_size: none");
        }
        ContainerDefaults.DockerLog log = dockerLog(maxSize, maxFiles, kept);
        if (log != null && !log.holds(kept)) {
            throw ConfigException.invalid("docker_log_max_size", "must hold twice max_log_size (" + kept + "), as"
                    + " Docker counts its JSON and rotates its file past it, which Berth's copy of the log does not"
                    + " survive whole; raise it to " + ContainerDefaults.DockerLog.fitting(kept, log.maxFiles()).maxSize()
                    + " or lower max_log_size, got " + log.maxSize());
        }
    }

    /** Docker's log as set, or fitted to {@code max_log_size}; null for the engine's own. */
    private static ContainerDefaults.DockerLog dockerLog(Object maxSize, Integer maxFiles, MemorySize kept) {
        int files = or(maxFiles, ContainerDefaults.DockerLog.DEFAULT_FILES);
        if (maxSize == null) {
            return ContainerDefaults.DockerLog.fitting(kept, files);
        }
        if (ENGINE_LOG.equals(maxSize)) {
            return null;
        }
        return new ContainerDefaults.DockerLog(MemorySize.parse("docker_log_max_size", maxSize), files);
    }

    private SchedulingConfig scheduling(SchedulingConfig d) {
        return new SchedulingConfig(cpus, memory, or(gpus, d.gpus()), or(starvationBound, d.starvationBound()),
                or(maxAttempts, d.defaultMaxAttempts()), or(pidsLimit, d.pidsLimit()), or(maxLogSize, d.maxLogSize()),
                archiveRetention, new SchedulingConfig.BundleLimits(or(maxBundleSize, d.bundles().maxUpload()),
                        or(maxUnpackedSize, d.bundles().maxUnpacked()), or(maxBundleEntries, d.bundles().maxEntries())));
    }

    private static URI parseRedisUrl(String value) {
        try {
            URI uri = new URI(value);
            if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ConfigException.invalid("redis_url", "must be a URL like redis://host:6379, got '" + value + "'");
    }

    private static void requirePort(String key, Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            throw ConfigException.invalid(key, "must be a port number from 1 to 65535, got " + port);
        }
    }

    /** The keys of an operator's dependency install, as server.yaml and agent.yaml both have them. */
    static void checkDependencyInstall(String command, Duration timeout) {
        requireNotBlank("dependency_install_command", command);
        if (timeout != null && timeout.isZero()) {
            throw ConfigException.invalid("dependency_install_timeout", "must be longer than 0s");
        }
    }

    private static void requireNotBlank(String key, String value) {
        if (value != null && value.isBlank()) {
            throw ConfigException.invalid(key, "must not be empty");
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
