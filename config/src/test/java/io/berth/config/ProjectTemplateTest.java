package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectTemplateTest {
    @TempDir
    Path parent;

    @Test
    void writesTheProjectNamedAfterItsDirectory() throws Exception {
        Path dir = parent.resolve("my_project");
        ProjectTemplate.write(dir);
        assertThat(dir.resolve("main.py")).content().contains("load_parameters()").contains("print(f\"result: ");
        assertThat(dir.resolve("README.txt")).content().contains("berth submit");
        assertThat(dir.resolve(".berthignore")).content().contains("__pycache__/");
        assertThat(dir.resolve("data")).isDirectory();
        JobConfig config = JobConfigLoader.load(dir);
        assertThat(config.projectName()).isEqualTo("my_project");
        assertThat(config.numGpus()).isZero();
        assertThat(config.params()).containsEntry("lr", 0.1).containsEntry("epochs", 3);
        assertThat(config.worker().environment()).containsEntry("PYTHONUNBUFFERED", "1");
    }

    @Test
    void theTemplateMentionsEverySupportedKey() {
        String yaml = ProjectTemplate.jobConfigYaml("p");
        for (var component : JobConfig.class.getRecordComponents()) {
            assertThat(yaml).containsPattern("(?m)^(# )?" + snake(component.getName()) + ":");
        }
        for (var component : JobConfig.Worker.class.getRecordComponents()) {
            assertThat(yaml).containsPattern("(?m)^  (# )?" + snake(component.getName()) + ":");
        }
        assertThat(yaml).contains("bind:").contains("mode:");
    }

    @Test
    void everyCommentedExampleIsValidWhenEnabled() {
        String yaml = ProjectTemplate.jobConfigYaml("p");
        String[] lines = yaml.split("\n", -1);
        int examples = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].matches("\\s*# [a-z_]+:( .*)?")) {
                String[] copy = Arrays.copyOf(lines, lines.length);
                copy[i] = lines[i].replaceFirst("# ", "");
                JobConfigLoader.parse(Path.of("job.config.yaml"), String.join("\n", copy));
                examples++;
            }
        }
        assertThat(examples).isEqualTo(16);
    }

    @Test
    void theConstraintsExampleIsValidWhenEnabled() {
        String yaml = ProjectTemplate.jobConfigYaml("p")
                .replace("  # constraints:", "  constraints:")
                .replace("  #   gpu_model:", "    gpu_model:");
        JobConfig config = JobConfigLoader.parse(Path.of("job.config.yaml"), yaml);
        assertThat(config.requests().constraints()).containsEntry("gpu_model", "a100");
    }

    @Test
    void theVolumesExampleIsValidWhenEnabled() {
        String yaml = ProjectTemplate.jobConfigYaml("p")
                .replace("  # volumes:", "  volumes:")
                .replace("  #   /srv", "    /srv")
                .replace("  #     bind:", "      bind:")
                .replace("  #     mode:", "      mode:");
        JobConfig config = JobConfigLoader.parse(Path.of("job.config.yaml"), yaml);
        assertThat(config.worker().volumes()).containsEntry("/srv/datasets/mnist", new JobConfig.Volume("/data/mnist", "ro"));
    }

    @Test
    void namesYamlWouldReadAsOtherTypesStayNames() {
        for (String name : new String[] {"true", "12", "1.5", "null", "on", "0x1F", "プロジェクト"}) {
            assertThat(JobConfigLoader.parse(Path.of("t"), ProjectTemplate.jobConfigYaml(name)).projectName())
                    .isEqualTo(name);
        }
    }

    @Test
    void aDirectoryNameThatIsNoProjectNameGivesOneSubmitAccepts() {
        for (String[] dirAndName : new String[][] {{"мой проект", "мой-проект"}, {"bad:name", "bad-name"}}) {
            Path dir = parent.resolve(dirAndName[0]);
            ProjectTemplate.write(dir);
            assertThat(JobConfigLoader.load(dir).projectName()).isEqualTo(dirAndName[1]);
        }
    }

    @Test
    void refusesANonEmptyDirectory() throws Exception {
        Path dir = Files.createDirectories(parent.resolve("taken"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> ProjectTemplate.write(dir)).isInstanceOf(ConfigException.class)
                .hasMessage("cannot create the project " + dir + ": it already exists and is not empty; choose a new directory");
        assertThat(dir.resolve("main.py")).doesNotExist();
    }

    @Test
    void aPathThroughAMissingDirectoryIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path dir = parent.resolve("p1x/../p1");
        assertThatThrownBy(() -> ProjectTemplate.write(dir)).isInstanceOf(ConfigException.class)
                .hasMessage("cannot create the project " + dir + ": " + parent.resolve("p1x")
                        + " is not an existing directory, so '..' after it leads nowhere; nothing was created");
        try (var left = Files.list(parent)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void fillsAnEmptyDirectory() throws Exception {
        Path dir = Files.createDirectories(parent.resolve("empty"));
        ProjectTemplate.write(dir);
        assertThat(dir.resolve("job.config.yaml")).exists();
    }

    private static String snake(String camel) {
        return ((PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE).translate(camel);
    }
}
