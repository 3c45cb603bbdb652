package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {
    @TempDir
    Path home;

    private ServerConfig load(String yaml) throws Exception {
        Files.writeString(home.resolve("server.yaml"), yaml);
        return ServerConfigLoader.load(home);
    }

    private String error(String yaml) throws Exception {
        Files.writeString(home.resolve("server.yaml"), yaml);
        try {
            ServerConfigLoader.load(home);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(home.resolve("server.yaml"));
            return e.getMessage().substring(home.resolve("server.yaml").toString().length());
        }
        throw new AssertionError("no error for " + yaml);
    }

    @Test
    void aRedisOnAnotherMachineNeedsAPasswordAndTlsUnlessServerYamlSaysTheNetworkIsTrusted() throws Exception {
        assertThat(error("slots: 2\nredis_url: redis://10.0.0.5:6379\n")).isEqualTo(":2: redis_url: redis://10.0.0.5:6379"
                + " is reached over the network without a password and without TLS: whoever can reach it could queue"
                + " and change this server's jobs. Give it a password (redis://:PASSWORD@host or"
                + " redis://USER:PASSWORD@host) and TLS (rediss://), or set redis_insecure: true where the network"
                + " between them is trusted");
        assertThat(load("redis_url: redis://10.0.0.5:6379\nredis_insecure: true\n").redisUrl())
                .isEqualTo(URI.create("redis://10.0.0.5:6379"));
        assertThat(load("redis_url: rediss://:s3cret@10.0.0.5:6380\n").redisUrl().getHost()).isEqualTo("10.0.0.5");
        assertThat(load("redis_url: redis://127.0.0.1:6379\n").redisUrl().getPort()).isEqualTo(6379);
        assertThat(error("redis_url: redis://10.0.0.5\nredis_insecure: false\n")).contains("redis_insecure: true");
    }

    @Test
    void networksDefaultToBridgeAndNameOnlyWhatDockerCouldHave() throws Exception {
        assertThat(ServerConfigLoader.load(home).networks()).isEqualTo(new NetworkConfig("bridge", List.of("bridge")));
        NetworkConfig set = load("network: none\nallowed_networks: [bridge, lab]\n").networks();
        assertThat(set).isEqualTo(new NetworkConfig("none", List.of("bridge", "lab")));
        assertThat(set.allows("lab")).isTrue();
        assertThat(set.allows("none")).isTrue();
        assertThat(set.allows("ops-private")).isFalse();
        assertThat(load("allowed_networks: []\n").networks().allows("bridge")).as("the default stays allowed").isTrue();
        assertThat(load("network: lab\nallowed_networks: []\n").networks().allows("bridge")).isFalse();
        assertThat(error("network: 'host bridge'\n")).startsWith(":1: network: must be none, bridge or a Docker"
                + " network's name");
        assertThat(error("allowed_networks: [ok, 'no:pe']\n")).startsWith(":1: allowed_networks: must be none,"
                + " bridge or a Docker network's name").endsWith("got 'no:pe'");
    }

    @Test
    void containerDefaultsCapDockersLogToHoldWhatBerthsKeeps() throws Exception {
        assertThat(ServerConfigLoader.load(home).containers()).as("Berth keeps 1g: a file of Docker's log holds twice that")
                .isEqualTo(new ContainerDefaults(null, null, false,
                        new ContainerDefaults.DockerLog(new MemorySize(2L << 30), 3)));
        assertThat(load("max_log_size: 30m\n").containers().dockerLog())
                .isEqualTo(new ContainerDefaults.DockerLog(new MemorySize(100L << 20), 3));
        assertThat(load("max_log_size: 50m\ndocker_log_max_files: 1\n").containers().dockerLog())
                .isEqualTo(new ContainerDefaults.DockerLog(new MemorySize(100L << 20), 1));
        assertThat(load("docker_log_max_size: none\n").containers().dockerLog()).as("the engine's own").isNull();
        assertThat(load("""
                default_memory: 8g
                default_user: "1000:1000"
                read_only_root: true
                max_log_size: 100m
                docker_log_max_size: 200m
                docker_log_max_files: 2
                """).containers()).isEqualTo(new ContainerDefaults(new MemorySize(8L << 30), "1000:1000", true,
                new ContainerDefaults.DockerLog(new MemorySize(200L << 20), 2)));
    }

    @Test
    void containerDefaultsAreCheckedNamingTheKey() throws Exception {
        assertThat(error("default_user: alice\n")).isEqualTo(":1: default_user: must be uid:gid in numbers"
                + " (1000:1000), got 'alice'");
        assertThat(error("default_memory: 2m\n")).startsWith(":1: default_memory: must be at least 6m");
        assertThat(error("memory: 4g\ndefault_memory: 8g\n")).startsWith(":2: default_memory: is more than memory");
        assertThat(error("docker_log_max_files: 0\n")).isEqualTo(":1: docker_log_max_files: must be 1 or more, got 0");
        assertThat(error("docker_log_max_size: none\ndocker_log_max_files: 2\n"))
                .startsWith(":2: docker_log_max_files: has no effect with docker_log_max_size: none");
        assertThat(error("docker_log_max_size: lots\n")).startsWith(":1: docker_log_max_size: expected a size");
        assertThat(error("max_log_size: 1g\ndocker_log_max_size: 1g\n")).isEqualTo(":2: docker_log_max_size: must hold"
                + " twice max_log_size (1g), as Docker counts its JSON and rotates its file past it, which Berth's copy"
                + " of the log does not survive whole; raise it to 2g or lower max_log_size, got 1g");
    }

    @Test
    void noFileMeansEveryDefault() {
        ServerConfig c = ServerConfigLoader.load(home);
        assertThat(c).isEqualTo(ServerConfig.defaults(home));
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(5000);
        assertThat(c.embeddedRedis()).isTrue();
        assertThat(c.embeddedRedisPort()).isEqualTo(6479);
        assertThat(c.redisAppendfsync()).isEqualTo("everysec");
        assertThat(c.dataDir()).isEqualTo(home.resolve("data"));
        assertThat(c.slots()).isEqualTo(4);
        assertThat(c.defaultImage()).isEqualTo("berth-worker:latest");
        assertThat(c.stopGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.keyPrefix()).isEqualTo("berth");
        assertThat(c.dockerHost()).isNull();
        assertThat(c.scheduling()).isEqualTo(new SchedulingConfig(null, null, SchedulingConfig.Gpus.AUTO,
                Duration.ofMinutes(30), 3, 4096, new MemorySize(1L << 30), null,
                new SchedulingConfig.BundleLimits(new MemorySize(2L << 30), new MemorySize(8L << 30), 200_000)));
        assertThat(c.dependencyInstallCommand()).isNull();
        assertThat(c.dependencyInstallTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void gpusAreAutoNoneOrAListOfIds() throws Exception {
        assertThat(load("gpus: auto\n").scheduling().gpus()).isEqualTo(SchedulingConfig.Gpus.AUTO);
        assertThat(load("gpus: none\n").scheduling().gpus()).isEqualTo(SchedulingConfig.Gpus.of(List.of()));
        assertThat(load("gpus: [1, 3]\n").scheduling().gpus()).isEqualTo(SchedulingConfig.Gpus.of(List.of("1", "3")));
        assertThat(error("gpus: all\n")).isEqualTo(":1: gpus: expected auto, none or a list of GPU ids like [0, 1],"
                + " got 'all'");
        assertThat(error("gpus: [0, 0]\n")).startsWith(":1: gpus");
        assertThat(error("max_attempts: 0\n")).isEqualTo(":1: max_attempts: must be 1 or more, got 0");
        assertThat(load("run_jobs_as_submitter: true\n").security().runJobsAsSubmitter()).isTrue();
        assertThat(ServerConfigLoader.load(home.resolve("elsewhere")).security().runJobsAsSubmitter()).isFalse();
        assertThat(error("volume_allow_list: [data/x]\n")).startsWith(":1: volume_allow_list: expected absolute paths");
    }

    @Test
    void readsEveryKey() throws Exception {
        ServerConfig c = load("""
                bind: 0.0.0.0
                port: 8080
                redis_url: redis://redis.internal:6379/2
                redis_insecure: true
                embedded_redis_port: 7000
                redis_appendfsync: always
                data_dir: /var/lib/berth
                slots: 2
                default_image: my/worker:1
                stop_grace_period: 2m
                key_prefix: lab1
                docker_host: unix:///run/user/1000/docker.sock
                cpus: 6.5
                memory: 48g
                gpus: [0, GPU-8f2c]
                starvation_bound: 45m
                max_attempts: 5
                pids_limit: 512
                max_log_size: 100m
                archive_retention: 30d
                max_bundle_size: 1g
                max_unpacked_size: 4g
                max_bundle_entries: 5000
                dependency_install_command: pip install --index-url http://pypi.lab/simple -r requirements.txt
                dependency_install_timeout: 1h
                volume_allow_list: [/var/lib/datasets, /usr/share/models]
                tls_cert: tls/chain.pem
                tls_key: /etc/berth/key.pem
                """);
        assertThat(c).isEqualTo(new ServerConfig("0.0.0.0", 8080, URI.create("redis://redis.internal:6379/2"), 7000,
                "always", Path.of("/var/lib/berth"), 2, "my/worker:1", Duration.ofMinutes(2), "lab1",
                "unix:///run/user/1000/docker.sock", new SchedulingConfig(6.5, new MemorySize(48L << 30),
                        SchedulingConfig.Gpus.of(List.of("0", "GPU-8f2c")), Duration.ofMinutes(45), 5, 512,
                        new MemorySize(100L << 20), Duration.ofDays(30),
                        new SchedulingConfig.BundleLimits(new MemorySize(1L << 30), new MemorySize(4L << 30), 5000)),
                "pip install --index-url http://pypi.lab/simple -r requirements.txt", Duration.ofHours(1),
                List.of("/var/lib/datasets", "/usr/share/models"), new SecurityConfig(home.resolve("tokens.json"),
                home.resolve("server.token"), new TlsConfig(home.resolve("tls/chain.pem"), Path.of("/etc/berth/key.pem")))));
        assertThat(c.embeddedRedis()).isFalse();
    }

    @Test
    void tokensLiveInBerthHomeAndTlsNeedsBothFiles() throws Exception {
        assertThat(ServerConfigLoader.load(home).security())
                .isEqualTo(new SecurityConfig(home.resolve("tokens.json"), home.resolve("server.token"), null));
        assertThat(error("tls_cert: cert.pem\n")).isEqualTo(": tls_key: HTTPS needs both tls_cert (the certificate"
                + " chain, PEM) and tls_key (its private key, PEM)");
        assertThat(error("tls_key: key.pem\n")).startsWith(": tls_cert: HTTPS needs both");
    }

    @Test
    void aRelativeDataDirIsUnderBerthHome() throws Exception {
        assertThat(load("data_dir: store\n").dataDir()).isEqualTo(home.resolve("store"));
    }

    @Test
    void errorsNameLineAndKey() throws Exception {
        assertThat(error("bind: 0.0.0.0\nport: 70000\n")).isEqualTo(":2: port: must be a port number from 1 to 65535,"
                + " got 70000");
        assertThat(error("port: http\n")).isEqualTo(":1: port: expected an integer, got 'http'");
        assertThat(error("slots: 0\n")).isEqualTo(":1: slots: must be 1 or more, got 0");
        assertThat(error("redis_appendfsync: sometimes\n"))
                .isEqualTo(":1: redis_appendfsync: must be always, everysec or no, got 'sometimes'");
        assertThat(error("redis_url: localhost:6379\n"))
                .isEqualTo(":1: redis_url: must be a URL like redis://host:6379, got 'localhost:6379'");
        assertThat(error("stop_grace_period: soon\n"))
                .isEqualTo(":1: stop_grace_period: expected a duration like 10s, 2m, 1h or 30d, got 'soon'");
        assertThat(error("key_prefix: 'a b'\n"))
                .isEqualTo(":1: key_prefix: must be letters, digits, '_', '.' or '-', got 'a b'");
        assertThat(error("slot: 3\n")).isEqualTo(":1: unknown key 'slot' (did you mean slots?)");
        assertThat(error("default_image: ''\n")).isEqualTo(":1: default_image: must not be empty");
        assertThat(error("dependency_install_command: ' '\n"))
                .isEqualTo(":1: dependency_install_command: must not be empty");
        assertThat(error("dependency_install_timeout: 0\n"))
                .isEqualTo(":1: dependency_install_timeout: must be longer than 0s");
        assertThat(error("agent_lease: 1s\n"))
                .isEqualTo(":1: agent_lease: must be 3s or more (agents beat at a third of it), got 1.0s");
    }

    @Test
    void agentsAreLostThirtySecondsAfterTheirLastHeartbeatUnlessServerYamlSaysOtherwise() throws Exception {
        assertThat(ServerConfigLoader.load(home).agentLease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(load("agent_lease: 2m\n").agentLease()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theMachinesLabelsAreReadForJobsConstraintsAndABadOneIsRefused() throws Exception {
        assertThat(ServerConfigLoader.load(home).labels()).isEmpty();
        assertThat(load("labels:\n  gpu_model: a100\n  zone: b\n").labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("gpu_model", "a100", "zone", "b"));
        assertThat(error("labels:\n  gpu model: a100\n")).startsWith(":1: labels: label 'gpu model': expected letters");
        assertThat(error("labels:\n  gpu_model: ''\n")).isEqualTo(":1: labels: label 'gpu_model' has no value");
    }

    @Test
    void anchorsAliasesAndTagsAreRefused() throws Exception {
        assertThat(error("slots: &n 4\nport: 5001\n"))
                .isEqualTo(":1: slots: YAML anchors (&n) are not supported; remove it");
        assertThat(error("bind: !!str 0.0.0.0\n"))
                .startsWith(":1: bind: YAML tags (!!str) are not supported");
    }
}
