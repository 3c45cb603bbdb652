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

class AgentConfigLoaderTest {
    @TempDir
    Path home;

    private AgentConfig load(String yaml) throws Exception {
        Files.writeString(home.resolve("agent.yaml"), yaml);
        return AgentConfigLoader.load(home, "gpu-box-7.lab.example");
    }

    private String error(String yaml) throws Exception {
        Files.writeString(home.resolve("agent.yaml"), yaml);
        try {
            AgentConfigLoader.load(home, "host");
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(home.resolve("agent.yaml"));
            return e.getMessage().substring(home.resolve("agent.yaml").toString().length());
        }
        throw new AssertionError("no error for " + yaml);
    }

    @Test
    void noFileMeansNoHeadYetAndTheMachinesNameAndResources() {
        AgentConfig config = AgentConfigLoader.load(home, "GPU-Box-7.lab.example");

        assertThat(config.server()).isNull();
        assertThat(config.name()).isEqualTo("gpu-box-7");
        assertThat(config.slots()).isEqualTo(AgentConfig.DEFAULT_SLOTS);
        assertThat(config.scheduling().cpus()).isNull();
        assertThat(config.scheduling().gpus().auto()).isTrue();
        assertThat(config.labels()).isEmpty();
        assertThat(config.dependencyInstallCommand()).isNull();
        assertThat(config.dependencyInstallTimeout()).isEqualTo(ServerConfig.DEFAULT_DEPENDENCY_INSTALL_TIMEOUT);
    }

    @Test
    void readsEveryKeyWithPathsRelativeToTheHome() throws Exception {
        AgentConfig config = load("""
                server: https://head.lab:5000
                token_file: agent.token
                ca_cert: /etc/berth/ca.pem
                name: a100-rack2
                docker_host: unix:///run/docker.sock
                slots: 8
                cpus: 30.5
                memory: 200g
                gpus: [0, 1, 2]
                labels:
                  gpu_model: a100
                  zone: rack-2
                dependency_install_command: pip install --index-url http://mirror.lab/simple -r requirements.txt
                dependency_install_timeout: 10m
                """);

        assertThat(config.server()).isEqualTo(URI.create("https://head.lab:5000"));
        assertThat(config.tokenFile()).isEqualTo(home.resolve("agent.token"));
        assertThat(config.caCert()).isEqualTo(Path.of("/etc/berth/ca.pem"));
        assertThat(config.name()).isEqualTo("a100-rack2");
        assertThat(config.dockerHost()).isEqualTo("unix:///run/docker.sock");
        assertThat(config.slots()).isEqualTo(8);
        assertThat(config.scheduling().cpus()).isEqualTo(30.5);
        assertThat(config.scheduling().memory().bytes()).isEqualTo(200L << 30);
        assertThat(config.scheduling().gpus().ids()).isEqualTo(List.of("0", "1", "2"));
        assertThat(config.labels()).isEqualTo(Map.of("gpu_model", "a100", "zone", "rack-2"));
        assertThat(config.dependencyInstallCommand())
                .isEqualTo("pip install --index-url http://mirror.lab/simple -r requirements.txt");
        assertThat(config.dependencyInstallTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theCommandLinesServerAndTokenFileWinOverTheFiles() throws Exception {
        AgentConfig config = load("server: http://127.0.0.1:5000\ntoken_file: a\n")
                .with(URI.create("http://10.0.0.2:5000"), Path.of("/tmp/b"));

        assertThat(config.server()).isEqualTo(URI.create("http://10.0.0.2:5000"));
        assertThat(config.tokenFile()).isEqualTo(Path.of("/tmp/b"));
    }

    @Test
    void errorsNameLineAndKey() throws Exception {
        assertThat(error("server: head.lab:5000\n"))
                .isEqualTo(":1: server: must be the head's URL, like https://head.lab:5000, got 'head.lab:5000'");
        assertThat(error("server: http://head.lab:5000/api\n")).startsWith(":1: server: must be the head's URL");
        assertThat(error("name: GPU box\n")).startsWith(":1: name: expected lower-case letters");
        assertThat(error("slots: 0\n")).isEqualTo(":1: slots: must be 1 or more, got 0");
        assertThat(error("cpus: 0\n")).isEqualTo(":1: cpus: must be more than 0, got 0.0");
        assertThat(error("labels:\n  'gpu model': a100\n")).contains("labels: label 'gpu model'");
        assertThat(error("labels:\n  gpu_model: ''\n")).contains("label 'gpu_model' has no value");
        assertThat(error("slot: 3\n")).isEqualTo(":1: unknown key 'slot' (did you mean slots?)");
        assertThat(error("token_file: ''\n")).isEqualTo(":1: token_file: must not be empty");
        assertThat(error("dependency_install_command: ' '\n")).isEqualTo(":1: dependency_install_command: must not be empty");
        assertThat(error("dependency_install_timeout: 0s\n")).isEqualTo(":1: dependency_install_timeout: must be longer than 0s");
    }
}
