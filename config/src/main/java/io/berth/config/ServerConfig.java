package io.berth.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The server's settings ({@code $BERTH_HOME/server.yaml}) with every default applied.
 *
 * @param redisUrl          an external Redis, or null to run the embedded one on {@code embeddedRedisPort}
 * @param redisAppendfsync  the embedded Redis's fsync policy: always, everysec or no
 * @param dataDir           bundles, job directories, logs and archives
 * @param slots             how many jobs run at once
 * @param stopGracePeriod   between SIGTERM and SIGKILL when a job is stopped
 * @param keyPrefix         prefix of every Redis key
 * @param dockerHost        the Docker engine to use, or null for the environment's default
 * @param scheduling        capacity and admission: CPUs, memory, GPUs, starvation bound, attempts, pids
 * @param dependencyInstallCommand  the operator's setup step, run for every job in an image derived from its
 *                                  own (docs/dependencies.md); null: only projects with a requirements.txt
 *                                  get one, made by Berth's default command
 * @param dependencyInstallTimeout  how long one such install may take before it is stopped and its job fails
 * @param volumeAllowList   host paths jobs may mount even where Berth would refuse them (system directories)
 * @param security          tokens and TLS (docs/remote.md)
 * @param networks          the Docker network jobs join by default, and those they may name
 * @param containers        how jobs' containers are made where the job does not say: memory, user, root file
 *                          system, Docker's log
 * @param agentLease        how long an agent counts as alive after its last heartbeat; then it is lost
 * @param labels            this machine's labels, which jobs' {@code worker.constraints} are matched against
 */
public record ServerConfig(
        String bind,
        int port,
        URI redisUrl,
        int embeddedRedisPort,
        String redisAppendfsync,
        Path dataDir,
        int slots,
        String defaultImage,
        Duration stopGracePeriod,
        String keyPrefix,
        String dockerHost,
        SchedulingConfig scheduling,
        String dependencyInstallCommand,
        Duration dependencyInstallTimeout,
        List<String> volumeAllowList,
        SecurityConfig security,
        NetworkConfig networks,
        ContainerDefaults containers,
        Duration agentLease,
        Map<String, String> labels) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 5000;
    public static final int DEFAULT_EMBEDDED_REDIS_PORT = 6479;
    public static final String DEFAULT_APPENDFSYNC = "everysec";
    public static final int DEFAULT_SLOTS = 4;
    public static final String DEFAULT_IMAGE = "berth-worker:latest";
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);
    public static final String DEFAULT_KEY_PREFIX = "berth";
    public static final Duration DEFAULT_DEPENDENCY_INSTALL_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_AGENT_LEASE = Duration.ofSeconds(30);

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(redisAppendfsync, "redisAppendfsync");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(defaultImage, "defaultImage");
        Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(scheduling, "scheduling");
        Objects.requireNonNull(dependencyInstallTimeout, "dependencyInstallTimeout");
        volumeAllowList = volumeAllowList == null ? List.of() : List.copyOf(volumeAllowList);
        Objects.requireNonNull(security, "security");
        networks = networks == null ? NetworkConfig.defaults() : networks;
        containers = containers == null ? ContainerDefaults.defaults(scheduling.maxLogSize()) : containers;
        agentLease = agentLease == null ? DEFAULT_AGENT_LEASE : agentLease;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Every setting but the labels: none. */
    public ServerConfig(String bind, int port, URI redisUrl, int embeddedRedisPort, String redisAppendfsync,
                        Path dataDir, int slots, String defaultImage, Duration stopGracePeriod, String keyPrefix,
                        String dockerHost, SchedulingConfig scheduling, String dependencyInstallCommand,
                        Duration dependencyInstallTimeout, List<String> volumeAllowList, SecurityConfig security,
                        NetworkConfig networks, ContainerDefaults containers, Duration agentLease) {
        this(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, security, networks, containers, agentLease, null);
    }

    /** Every setting but the agents' lease, which is {@link #DEFAULT_AGENT_LEASE}. */
    public ServerConfig(String bind, int port, URI redisUrl, int embeddedRedisPort, String redisAppendfsync,
                        Path dataDir, int slots, String defaultImage, Duration stopGracePeriod, String keyPrefix,
                        String dockerHost, SchedulingConfig scheduling, String dependencyInstallCommand,
                        Duration dependencyInstallTimeout, List<String> volumeAllowList, SecurityConfig security,
                        NetworkConfig networks, ContainerDefaults containers) {
        this(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, security, networks, containers, null);
    }

    /** Every setting but the container defaults, which are {@link ContainerDefaults#defaults}. */
    public ServerConfig(String bind, int port, URI redisUrl, int embeddedRedisPort, String redisAppendfsync,
                        Path dataDir, int slots, String defaultImage, Duration stopGracePeriod, String keyPrefix,
                        String dockerHost, SchedulingConfig scheduling, String dependencyInstallCommand,
                        Duration dependencyInstallTimeout, List<String> volumeAllowList, SecurityConfig security,
                        NetworkConfig networks) {
        this(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, security, networks, null);
    }

    /** Every setting but the networks, which are {@link NetworkConfig#defaults()}: bridge. */
    public ServerConfig(String bind, int port, URI redisUrl, int embeddedRedisPort, String redisAppendfsync,
                        Path dataDir, int slots, String defaultImage, Duration stopGracePeriod, String keyPrefix,
                        String dockerHost, SchedulingConfig scheduling, String dependencyInstallCommand,
                        Duration dependencyInstallTimeout, List<String> volumeAllowList, SecurityConfig security) {
        this(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, security, NetworkConfig.defaults());
    }

    /** Every setting but security, which is {@link SecurityConfig#none()}: loopback only. */
    public ServerConfig(String bind, int port, URI redisUrl, int embeddedRedisPort, String redisAppendfsync,
                        Path dataDir, int slots, String defaultImage, Duration stopGracePeriod, String keyPrefix,
                        String dockerHost, SchedulingConfig scheduling, String dependencyInstallCommand,
                        Duration dependencyInstallTimeout, List<String> volumeAllowList) {
        this(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, SecurityConfig.none());
    }

    /** The core settings, with the defaults for scheduling and dependency installs, and no security (loopback only). */
    public ServerConfig(String bind, int port, URI redisUrl, int embeddedRedisPort, String redisAppendfsync,
                        Path dataDir, int slots, String defaultImage, Duration stopGracePeriod, String keyPrefix,
                        String dockerHost) {
        this(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, SchedulingConfig.defaults(), null,
                DEFAULT_DEPENDENCY_INSTALL_TIMEOUT, List.of());
    }

    public static ServerConfig defaults(Path berthHome) {
        return new ServerConfig(DEFAULT_BIND, DEFAULT_PORT, null, DEFAULT_EMBEDDED_REDIS_PORT, DEFAULT_APPENDFSYNC,
                berthHome.resolve("data"), DEFAULT_SLOTS, DEFAULT_IMAGE, DEFAULT_STOP_GRACE_PERIOD,
                DEFAULT_KEY_PREFIX, null).withSecurity(SecurityConfig.inHome(berthHome));
    }

    public ServerConfig withScheduling(SchedulingConfig newScheduling) {
        return new ServerConfig(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, newScheduling, dependencyInstallCommand,
                dependencyInstallTimeout, volumeAllowList, security, networks, containers, agentLease, labels);
    }

    public ServerConfig withSecurity(SecurityConfig newSecurity) {
        return new ServerConfig(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, newSecurity, networks, containers, agentLease, labels);
    }

    public ServerConfig withNetworks(NetworkConfig newNetworks) {
        return new ServerConfig(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, security, newNetworks, containers, agentLease, labels);
    }

    public ServerConfig withContainers(ContainerDefaults newContainers) {
        return new ServerConfig(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, security, networks, newContainers, agentLease, labels);
    }

    public ServerConfig withAgentLease(Duration newAgentLease) {
        return new ServerConfig(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, security, networks, containers, newAgentLease, labels);
    }

    public ServerConfig withLabels(Map<String, String> newLabels) {
        return new ServerConfig(bind, port, redisUrl, embeddedRedisPort, redisAppendfsync, dataDir, slots, defaultImage,
                stopGracePeriod, keyPrefix, dockerHost, scheduling, dependencyInstallCommand, dependencyInstallTimeout,
                volumeAllowList, security, networks, containers, agentLease, newLabels);
    }

    public boolean embeddedRedis() {
        return redisUrl == null;
    }
}
