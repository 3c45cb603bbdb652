package io.berth.daemon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DependencyInstallTest {
    private static final String BASE = "sha256:" + "a".repeat(64);

    @TempDir
    Path source;

    private DependencyInstall withRequirements(String text, String operatorCommand) throws Exception {
        Files.writeString(source.resolve("requirements.txt"), text);
        return DependencyInstall.forProject(source, operatorCommand, DependencyInstall.OPERATOR_SOURCE).orElseThrow();
    }

    @Test
    void aProjectWithoutRequirementsRunsInItsOwnImageUnlessTheOperatorSetACommand() {
        assertThat(DependencyInstall.forProject(source, null, DependencyInstall.OPERATOR_SOURCE)).isEmpty();
        DependencyInstall operators = DependencyInstall.forProject(source, "apt-get install -y libgomp1",
                DependencyInstall.OPERATOR_SOURCE).orElseThrow();
        assertThat(operators.source()).isEqualTo("server.yaml's dependency_install_command");
        assertThat(operators.command()).isEqualTo("apt-get install -y libgomp1");
        assertThat(operators.requirementsDigest()).isNull();
        assertThat(DependencyInstall.forProject(source, "true", DependencyInstall.AGENT_OPERATOR_SOURCE).orElseThrow()
                .source()).as("an agent's, as its failures name it").isEqualTo("agent.yaml's dependency_install_command");
    }

    @Test
    void requirementsAreInstalledByTheDefaultCommandIntoTheVenv() throws Exception {
        DependencyInstall install = withRequirements("numpy==1.26.4\n", null);
        assertThat(install.source()).isEqualTo("requirements.txt");
        assertThat(install.command()).contains("command -v python3 || command -v python")
                .contains("\"$python\" -m venv --system-site-packages /opt/berth/deps && ")
                .contains("/opt/berth/deps/bin/pip install ").endsWith(" -r requirements.txt");
    }

    @Test
    void theKeyIsTheSameForTheSameBaseRequirementsAndCommandAndDiffersWhenAnyChanges() throws Exception {
        String key = withRequirements("numpy==1.26.4\n", null).key(BASE);
        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(withRequirements("numpy==1.26.4\n", null).key(BASE)).isEqualTo(key);

        assertThat(withRequirements("numpy==1.26.4\n", null).key("sha256:" + "b".repeat(64))).isNotEqualTo(key);
        assertThat(withRequirements("numpy==1.26.5\n", null).key(BASE)).isNotEqualTo(key);
        assertThat(withRequirements("numpy==1.26.4\n", "pip install -r requirements.txt").key(BASE)).isNotEqualTo(key);
        Files.delete(source.resolve("requirements.txt"));
        assertThat(DependencyInstall.forProject(source, DependencyInstall.DEFAULT_COMMAND, DependencyInstall.OPERATOR_SOURCE)
                .orElseThrow().key(BASE))
                .as("no requirements.txt is not the same as this one").isNotEqualTo(key);
    }

    @Test
    void failuresNameWhatWasInstalledHowItEndedAndWhereItsOutputIs() {
        assertThat(DependencyInstallException.failed("requirements.txt", 1)).hasMessage(
                "installing dependencies from requirements.txt failed (exit 1); its output is in the job's log");
        assertThat(DependencyInstallException.timedOut("requirements.txt", Duration.ofMinutes(30))).hasMessage(
                "installing dependencies from requirements.txt was stopped after 30m (server.yaml's "
                        + "dependency_install_timeout); its output is in the job's log");
    }
}
