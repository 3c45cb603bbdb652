package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionConfigsTest {
    @TempDir
    Path home;
    @TempDir
    Path project;
    @TempDir
    Path elsewhere;
    SubmissionConfigs configs;

    @BeforeEach
    void setUp() {
        configs = new SubmissionConfigs(home);
    }

    private Path write(Path root, String env, String yaml) throws IOException {
        Path dir = root.resolve("config").resolve("submission");
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(env + ".config.yaml"), yaml);
    }

    @Test
    void findsTheHomeConfig() throws Exception {
        Path file = write(home, "remote", "scheduler_url: https://berth.example.org:8443\ntoken: env:BERTH_TOKEN\n");
        SubmissionConfigs.Located found = configs.find("remote", project);
        assertThat(found.file()).isEqualTo(file);
        assertThat(found.config().schedulerUrl()).isEqualTo(URI.create("https://berth.example.org:8443"));
        assertThat(found.config().token()).isEqualTo("env:BERTH_TOKEN");
        assertThat(found.config().ignoredKeys()).isEmpty();
    }

    @Test
    void theProjectsConfigShadowsTheHomeOne() throws Exception {
        write(home, "scheduler", "scheduler_url: http://127.0.0.1:5000\n");
        Path mine = write(project, "scheduler", "scheduler_url: http://10.0.0.5:5000\n");
        SubmissionConfigs.Located found = configs.find("scheduler", project);
        assertThat(found.file()).isEqualTo(mine);
        assertThat(found.config().schedulerUrl().getHost()).isEqualTo("10.0.0.5");
    }

    @Test
    void atlasKeysAreAcceptedAndReportedAsIgnored() throws Exception {
        write(home, "scheduler", """
                job_deployment_env: local_docker_scheduler_plugin
                job_results_root: /home/me/.foundations/job_data
                working_dir_root: /home/me/.foundations/local_docker_scheduler/work_dir
                scheduler_url: http://localhost:5000
                container_config_root: /home/me/.foundations/config/local_docker_scheduler/worker_config
                cache_config:
                  end_point: /cache_end_point
                redis_url: redis://localhost:6379
                worker:
                  image: foo
                job_store_dir_root: /home/me/.foundations/job_bundle_store_dir
                """);
        assertThat(configs.find("scheduler", project).config().ignoredKeys()).containsExactly(
                "job_results_root", "working_dir_root", "container_config_root", "job_deployment_env",
                "cache_config", "redis_url", "worker", "job_store_dir_root");
    }

    @Test
    void atlasRemoteConfigsWithResultsAndSshConfigAndALogLevelAreAccepted() throws Exception {
        write(home, "remote", """
                job_deployment_env: local_docker_scheduler_plugin
                scheduler_url: http://10.1.2.3:5000
                results_config:
                  redis_end_point: redis://10.1.2.3:5556
                ssh_config:
                  host: 10.1.2.3
                  user: atlas
                  key_path: /home/me/.ssh/id_rsa
                  code_path: /home/atlas/code
                  result_path: /home/atlas/results
                  port: 31222
                log_level: INFO
                """);
        write(home, "empty-results", "scheduler_url: http://10.1.2.3:5000\nresults_config: {}\n");
        assertThat(configs.find("remote", project).config().ignoredKeys())
                .containsExactly("job_deployment_env", "results_config", "ssh_config", "log_level");
        assertThat(configs.find("empty-results", project).config().ignoredKeys()).containsExactly("results_config");
    }

    @Test
    void unknownKeysAreErrors() throws Exception {
        write(home, "scheduler", "scheduler_url: http://localhost:5000\nschedular_url: x\n");
        assertThatThrownBy(() -> configs.find("scheduler", project)).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("scheduler.config.yaml:2: unknown key 'schedular_url' (did you mean scheduler_url?)");
    }

    @Test
    void schedulerUrlIsRequiredAndMustBeHttp() throws Exception {
        Path file = write(home, "a", "token: t\n");
        assertThatThrownBy(() -> configs.find("a", project))
                .hasMessage(file + ": scheduler_url: required, e.g. http://127.0.0.1:5000");
        Path empty = write(home, "b", "# nothing\n");
        assertThatThrownBy(() -> configs.find("b", project))
                .hasMessage(empty + ": scheduler_url: required, e.g. http://127.0.0.1:5000");
        Path bad = write(home, "c", "token: t\nscheduler_url: localhost:5000\n");
        assertThatThrownBy(() -> configs.find("c", project))
                .hasMessage(bad + ":2: scheduler_url: must be an http:// or https:// URL like http://127.0.0.1:5000,"
                        + " got 'localhost:5000'");
    }

    @Test
    void anUnknownEnvNamesWhereItLookedAndWhatExists() throws Exception {
        write(home, "scheduler", "scheduler_url: http://localhost:5000\n");
        write(project, "gpu-box", "scheduler_url: http://gpu:5000\n");
        assertThatThrownBy(() -> configs.find("prod", project)).isInstanceOf(ConfigException.class)
                .hasMessage("no submission config named 'prod': looked for prod.config.yaml in "
                        + project.resolve("config/submission") + " and " + home.resolve("config/submission")
                        + "; available: gpu-box, scheduler");
    }

    @Test
    void anUnknownEnvWithNoConfigsAtAllSaysSo() {
        assertThatThrownBy(() -> configs.find("scheduler", project)).hasMessageEndingWith("; there are none yet");
    }

    @Test
    void atlasPlacesAreSearchedAfterBerthsOwnFoundationsHomeFirst() throws Exception {
        Path foundations = Files.createDirectories(elsewhere.resolve("atlas-home"));
        Path user = Files.createDirectories(elsewhere.resolve("user"));
        SubmissionConfigs withAtlas = new SubmissionConfigs(home, foundations, user);
        write(user.resolve(".foundations"), "scheduler", "scheduler_url: http://atlas-user:5000\n");
        write(user.resolve(".foundations"), "lab", "scheduler_url: http://atlas-user:5000\n");
        Path atlas = write(foundations, "lab", "scheduler_url: http://atlas:5000\n");
        Path mine = write(home, "scheduler", "scheduler_url: http://berth:5000\n");

        SubmissionConfigs.Located lab = withAtlas.find("lab", project);
        assertThat(lab.file()).isEqualTo(atlas);
        assertThat(lab.source()).isEqualTo(SubmissionConfigs.Source.FOUNDATIONS_HOME);
        assertThat(withAtlas.find("scheduler", project).file()).isEqualTo(mine);
        assertThat(withAtlas.list(project)).extracting(SubmissionConfigs.Listed::env, l -> l.source().label())
                .containsExactly(tuple("lab", "$FOUNDATIONS_HOME"), tuple("scheduler", "$BERTH_HOME"));

        Files.delete(atlas);
        assertThat(withAtlas.find("lab", project).source()).isEqualTo(SubmissionConfigs.Source.ATLAS_USER_HOME);
        assertThat(SubmissionConfigs.Source.ATLAS_USER_HOME.label()).isEqualTo("~/.foundations");
    }

    @Test
    void anUnknownEnvNamesEveryPlaceLookedInAndADirectoryTwoPlacesShareOnce() throws Exception {
        Path user = Files.createDirectories(elsewhere.resolve("user"));
        Path foundations = elsewhere.resolve("atlas-home");
        assertThatThrownBy(() -> new SubmissionConfigs(home, foundations, user).find("prod", project))
                .hasMessage("no submission config named 'prod': looked for prod.config.yaml in "
                        + project.resolve("config/submission") + ", " + home.resolve("config/submission") + ", "
                        + foundations.resolve("config/submission") + " and "
                        + user.resolve(".foundations/config/submission") + "; there are none yet");

        SubmissionConfigs sameHome = new SubmissionConfigs(home, user.resolve(".foundations"), user);
        assertThat(sameHome.places(project)).extracting(SubmissionConfigs.Place::source).containsExactly(
                SubmissionConfigs.Source.PROJECT, SubmissionConfigs.Source.BERTH_HOME,
                SubmissionConfigs.Source.FOUNDATIONS_HOME);
    }

    @Test
    void envNamesCannotBePaths() {
        assertThatThrownBy(() -> configs.find("../../etc/passwd", project))
                .hasMessageContaining("is not a submission config name");
    }

    @Test
    void listsProjectAndHomeConfigsWithShadowingAndProblems() throws Exception {
        write(home, "scheduler", "scheduler_url: http://127.0.0.1:5000\n");
        write(home, "remote", "scheduler_url: https://far:5000\n");
        Path broken = write(home, "broken", "scheduler_url: [\n");
        Path mine = write(project, "scheduler", "scheduler_url: http://10.0.0.5:5000\n");
        assertThat(configs.list(project)).extracting(SubmissionConfigs.Listed::env)
                .containsExactly("broken", "remote", "scheduler");
        SubmissionConfigs.Listed first = configs.list(project).get(0);
        assertThat(first.file()).isEqualTo(broken);
        assertThat(first.schedulerUrl()).isNull();
        assertThat(first.problem()).startsWith(broken + ":");
        SubmissionConfigs.Listed last = configs.list(project).get(2);
        assertThat(last.file()).isEqualTo(mine);
        assertThat(last.source()).isEqualTo(SubmissionConfigs.Source.PROJECT);
        assertThat(last.schedulerUrl()).isEqualTo(URI.create("http://10.0.0.5:5000"));
    }

    @Test
    void ensureDefaultWritesTheLocalSchedulerOnceAndKeepsEdits() throws Exception {
        Path file = configs.ensureDefault();
        assertThat(file).isEqualTo(home.resolve("config/submission/scheduler.config.yaml"));
        assertThat(configs.find("scheduler", project).config().schedulerUrl())
                .isEqualTo(URI.create("http://127.0.0.1:5000"));
        Files.writeString(file, "scheduler_url: http://127.0.0.1:6000\n");
        configs.ensureDefault();
        assertThat(Files.readString(file)).isEqualTo("scheduler_url: http://127.0.0.1:6000\n");
    }

    @Test
    void berthHomeComesFromThePropertyThenTheEnvironmentThenTheUsersHome() {
        assertThat(BerthHome.resolve("/p", "/e", Path.of("/u"))).isEqualTo(Path.of("/p"));
        assertThat(BerthHome.resolve(null, "/e", Path.of("/u"))).isEqualTo(Path.of("/e"));
        assertThat(BerthHome.resolve(null, null, Path.of("/u"))).isEqualTo(Path.of("/u/.berth"));
        String before = System.getProperty(BerthHome.PROPERTY);
        try {
            System.setProperty(BerthHome.PROPERTY, home.toString());
            assertThat(BerthHome.path()).isEqualTo(home);
            assertThat(new SubmissionConfigs().ensureDefault()).startsWith(home);
        } finally {
            if (before == null) {
                System.clearProperty(BerthHome.PROPERTY);
            } else {
                System.setProperty(BerthHome.PROPERTY, before);
            }
        }
    }

    @Test
    void ensureDefaultPointsAtTheServerItIsGiven() throws Exception {
        configs.ensureDefault(java.net.URI.create("http://127.0.0.1:6123"));
        assertThat(configs.find("scheduler", home).config().schedulerUrl())
                .isEqualTo(java.net.URI.create("http://127.0.0.1:6123"));
    }

    @Test
    void aLoginTokenReplacesTheOldOneKeepsEveryOtherLineAndMakesTheFilePrivate() throws Exception {
        Path file = write(home, "remote", """
                # the lab's server
                scheduler_url: https://berth.example.org:8443
                token: berth_old0000000000000000
                job_results_root: /tmp/x   # Atlas's
                """);

        SubmissionConfig written = SubmissionConfigs.writeToken(file, "berth_new1111111111111111");

        assertThat(written.token()).isEqualTo("berth_new1111111111111111");
        assertThat(Files.readString(file)).isEqualTo("""
                # the lab's server
                scheduler_url: https://berth.example.org:8443
                job_results_root: /tmp/x   # Atlas's
                token: berth_new1111111111111111
                """);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PrivateFiles.OWNER_ONLY);
        assertThatThrownBy(() -> SubmissionConfigs.writeToken(file, "two words")).isInstanceOf(ConfigException.class);
    }

    @Test
    void aCaCertIsRelativeToItsConfigAndOnlyForHttps() throws Exception {
        write(home, "remote", "scheduler_url: https://berth.example.org\nca_cert: lab-ca.pem\n");
        assertThat(configs.find("remote", project).config().caCert())
                .isEqualTo(home.resolve("config/submission/lab-ca.pem"));

        write(home, "plain", "scheduler_url: http://berth.example.org\nca_cert: /etc/lab-ca.pem\n");
        assertThatThrownBy(() -> configs.find("plain", project)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ca_cert: needs an https:// scheduler_url");
    }
}
