package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepFileTest {
    @TempDir
    Path dir;

    private SweepFile load(String yaml) throws IOException {
        return SweepFile.load(Files.writeString(dir.resolve("sweep.yaml"), yaml));
    }

    @Test
    void aGridKeepsTheKeysInTheOrderOfTheFile() throws IOException {
        SweepFile sweep = load("grid:\n  lr: [0.1, 0.01]\n  batch: [32, 64]\n  opt: [adam]\n");
        assertThat(sweep.grid().keySet()).containsExactly("lr", "batch", "opt");
        assertThat(sweep.grid().get("lr")).containsExactly(0.1, 0.01);
        assertThat(sweep.grid().get("batch")).containsExactly(32, 64);
        assertThat(sweep.random()).isNull();
    }

    @Test
    void randomDrawsKeepTheirDistributionsAsText() throws IOException {
        SweepFile sweep = load("random:\n  n: 20\n  seed: 7\n  params:\n    lr: loguniform(1e-4, 1e-1)\n    opt: [adam, sgd]\n");
        assertThat(sweep.random().n()).isEqualTo(20);
        assertThat(sweep.random().seed()).isEqualTo(7L);
        assertThat(sweep.random().params()).containsEntry("lr", "loguniform(1e-4, 1e-1)")
                .containsEntry("opt", List.of("adam", "sgd"));
    }

    @Test
    void explicitSetsAreKeptInOrder() throws IOException {
        SweepFile sweep = load("sets:\n  - {lr: 0.1, batch: 32}\n  - {lr: 0.5}\n");
        assertThat(sweep.sets()).containsExactly(Map.of("lr", 0.1, "batch", 32), Map.of("lr", 0.5));
    }

    @Test
    void mistakesNameTheFileAndTheKey() {
        assertThatThrownBy(() -> load("grid:\n  lr: [0.1]\nrandom:\n  n: 2\n  params: {x: uniform(0, 1)}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sweep.yaml")
                .hasMessageContaining("exactly one of grid, random or sets");
        assertThatThrownBy(() -> load("random:\n  seed: 1\n  params: {x: uniform(0, 1)}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sweep.yaml").hasMessageContaining("n");
        assertThatThrownBy(() -> load("grids:\n  lr: [0.1]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sweep.yaml:1")
                .hasMessageContaining("grids");
        assertThatThrownBy(() -> load("# nothing\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> load("- {lr: 0.1}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sweep.yaml:1");
    }

    @Test
    void aliasesAreRefusedNamingLineAndKey() {
        assertThatThrownBy(() -> load("grid:\n  lr: &lrs [0.1, 0.01]\n  lr2: *lrs\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("sweep.yaml:3: grid.lr2: YAML aliases (*lrs) are not supported; write the value");
    }
}
