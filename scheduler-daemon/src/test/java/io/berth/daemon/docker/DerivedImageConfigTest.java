package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerivedImageConfigTest {
    private static final String KEY = "c".repeat(64);

    @Test
    void keepsTheBasesEntrypointAndVariablesAndPutsTheVenvFirstOnItsPath() {
        ContainerConfig worker = new ContainerConfig()
                .withEntrypoint(new String[] {"/usr/local/bin/berth-entrypoint"})
                .withEnv(new String[] {"PATH=/usr/local/bin:/usr/bin:/bin", "PYTHONPATH=/opt/berth/python"});

        DerivedImageConfig derived = DerivedImageConfig.of(worker, "berth-worker:latest", KEY);

        assertThat(derived.entrypoint()).containsExactly("/usr/local/bin/berth-entrypoint");
        assertThat(derived.cmd()).isEmpty();
        assertThat(derived.env()).containsExactlyInAnyOrder("PYTHONPATH=/opt/berth/python",
                "PATH=/opt/berth/deps/bin:/usr/local/bin:/usr/bin:/bin", "VIRTUAL_ENV=/opt/berth/deps");
        assertThat(derived.labels()).containsEntry("berth.managed-image", "true")
                .containsEntry("berth.deps.key", KEY)
                .containsEntry("berth.deps.base", "berth-worker:latest")
                .containsEntry("berth.role", "")
                .as("the install's own labels do not pass on to job containers")
                .containsEntry("berth.deps.job-id", "")
                .containsEntry("berth.server", "");
    }

    @Test
    void keepsTheBasesUserAndWorkingDirectoryNotTheInstallsRootAndJobSource() {
        ContainerConfig own = new ContainerConfig().withUser("4321:4321").withWorkingDir("/srv/app");
        DerivedImageConfig derived = DerivedImageConfig.of(own, "mine:1", KEY);
        assertThat(derived.user()).isEqualTo("4321:4321");
        assertThat(derived.workingDir()).isEqualTo("/srv/app");

        DerivedImageConfig imported = DerivedImageConfig.of(null, "berth-base:bookworm", KEY);
        assertThat(imported.user()).as("the engine's default: root").isEmpty();
        assertThat(imported.workingDir()).as("the engine's default: /").isEmpty();
    }

    @Test
    void keepsACommandWithoutEntrypointAndGivesAnImageWithNeitherAShell() {
        ContainerConfig slim = new ContainerConfig().withCmd(new String[] {"python3"});
        assertThat(DerivedImageConfig.of(slim, "python:3.11-slim", KEY).entrypoint()).isEmpty();
        assertThat(DerivedImageConfig.of(slim, "python:3.11-slim", KEY).cmd()).containsExactly("python3");

        DerivedImageConfig imported = DerivedImageConfig.of(null, "berth-base:bookworm", KEY);
        assertThat(imported.cmd()).isEqualTo(List.of("/bin/sh"));
        assertThat(imported.env()).contains("PATH=/opt/berth/deps/bin:" + DerivedImageConfig.DEFAULT_PATH);
    }
}
