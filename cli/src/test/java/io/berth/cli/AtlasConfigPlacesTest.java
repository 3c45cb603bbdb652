package io.berth.cli;

import static io.berth.cli.CliRun.berthIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.config.BerthHome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submission configs in Atlas's ~/.foundations, as info and login see them. The user's home is this test's
 * ({@link TestHomes}), so nothing of the real one is read.
 */
class AtlasConfigPlacesTest {
    @TempDir
    Path root;
    private TestHomes homes;
    private Path berthConfigs;
    private Path atlasConfigs;
    private Path project;

    @BeforeEach
    void homes() throws IOException {
        homes = new TestHomes(root.resolve("berth-home"), Files.createDirectories(root.resolve("me")));
        berthConfigs = Files.createDirectories(BerthHome.submissionDir(root.resolve("berth-home")));
        atlasConfigs = Files.createDirectories(root.resolve("me/.foundations/config/submission"));
        project = Files.createDirectories(root.resolve("project"));
    }

    @AfterEach
    void restore() {
        homes.close();
    }

    @Test
    void infoSaysWhereEachEnvCameFromInColumnsThatLineUp() throws IOException {
        Files.writeString(atlasConfigs.resolve("scheduler.config.yaml"), """
                job_deployment_env: local_docker_scheduler_plugin
                scheduler_url: http://127.0.0.1:5000
                job_results_root: /home/me/.foundations/job_data
                """);
        Files.writeString(atlasConfigs.resolve("lab.config.yaml"), "scheduler_url: http://atlas-lab:5000\n");
        Files.writeString(berthConfigs.resolve("lab.config.yaml"), "scheduler_url: https://berth.lab:5000\n");

        CliRun info = berthIn(project, "info", "--env");

        assertThat(info.exitCode()).as(info.toString()).isZero();
        List<String> lines = info.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("lab ").contains("https://berth.lab:5000", "$BERTH_HOME",
                berthConfigs.resolve("lab.config.yaml").toString());
        assertThat(lines.get(2)).startsWith("scheduler ").contains("~/.foundations",
                atlasConfigs.resolve("scheduler.config.yaml").toString());
        for (String header : List.of("SCHEDULER URL", "FROM", "FILE")) {
            int at = lines.get(0).indexOf(header);
            assertThat(lines.get(1).charAt(at - 1)).as(header + " lines up").isEqualTo(' ');
            assertThat(lines.get(1).charAt(at)).as(header + " lines up").isNotEqualTo(' ');
            assertThat(lines.get(2).charAt(at)).as(header + " lines up").isNotEqualTo(' ');
        }
    }

    @Test
    void atlasRemoteConfigsAreValidAndAnInvalidOneKeepsItsRowShort() throws IOException {
        Files.writeString(atlasConfigs.resolve("remote.config.yaml"), """
                job_deployment_env: local_docker_scheduler_plugin
                scheduler_url: http://10.1.2.3:5000
                results_config:
                  redis_end_point: redis://10.1.2.3:5556
                ssh_config: {host: 10.1.2.3, user: atlas, port: 31222}
                log_level: INFO
                """);
        Files.writeString(atlasConfigs.resolve("lab.config.yaml"), "scheduler_url: http://atlas-lab:5000\n"
                + "schedular_urls: [http://atlas-lab:5000, http://atlas-lab2:5000]\n");

        CliRun info = berthIn(project, "info", "--env");

        assertThat(info.exitCode()).as(info.toString()).isZero();
        List<String> lines = info.out().lines().toList();
        assertThat(lines.get(2)).startsWith("remote ").contains("http://10.1.2.3:5000").doesNotContain("invalid");
        String problem = lines.get(1).substring(lines.get(0).indexOf("SCHEDULER URL"), lines.get(0).indexOf("FROM"))
                .strip();
        assertThat(problem).startsWith("(invalid: line 2: unknown key 'schedular_urls'").endsWith("…)")
                .doesNotContain(atlasConfigs.toString());
        assertThat(problem.length()).isLessThanOrEqualTo(72);
        assertThat(info.err()).isEqualTo("(lab is invalid; 'berth list lab' shows the whole message)\n");

        CliRun whole = berthIn(project, "list", "lab");
        assertThat(whole.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(whole.err()).contains(atlasConfigs.resolve("lab.config.yaml") + ":2: unknown key 'schedular_urls'"
                + " (did you mean scheduler_url?)");
    }

    @Test
    void loginRefusesAnAtlasConfigSayingHowToCopyItUnderBerthHome() throws IOException {
        Path atlas = Files.writeString(atlasConfigs.resolve("lab.config.yaml"), "scheduler_url: http://127.0.0.1:9\n");
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("berth_0123456789abcdef0123\n".getBytes(StandardCharsets.UTF_8)));
            CliRun login = berthIn(project, "login", "lab", "--token-stdin");

            assertThat(login.exitCode()).as(login.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(login.err()).isEqualTo("berth: env 'lab' is Atlas's " + atlas + " (found through ~/.foundations),"
                    + " and berth login writes tokens only under $BERTH_HOME; copy it there (mkdir -p " + berthConfigs
                    + " && cp " + atlas + " " + berthConfigs + "/), where it shadows Atlas's, and log in again\n");
        } finally {
            System.setIn(stdin);
        }
        assertThat(Files.readString(atlas)).isEqualTo("scheduler_url: http://127.0.0.1:9\n");
    }

    @Test
    void anEnvFoundNowhereNamesAtlasPlacesToo() {
        CliRun list = berthIn(project, "list", "nowhere");

        assertThat(list.exitCode()).as(list.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(list.err()).contains(berthConfigs.toString(), atlasConfigs.toString());
    }
}
