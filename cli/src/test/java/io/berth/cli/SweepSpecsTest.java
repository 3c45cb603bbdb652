package io.berth.cli;

import static io.berth.cli.CliRun.berth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.sdk.Distribution;
import io.berth.sdk.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code berth sweep} reads its options and params file; nothing here reaches a server. */
class SweepSpecsTest {
    @TempDir
    Path dir;

    private static Map<String, String> options(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void gridValuesAreTypedLikeParamsAndTheFirstOptionVariesSlowest() {
        Sweep sweep = SweepSpecs.grid(options("opt", "adam, sgd", "lr", "0.1,1e-2", "layers", "[[1,2],[3]]"));

        assertThat(sweep.size()).isEqualTo(8);
        assertThat(sweep.paramSets().get(0)).isEqualTo(Map.of("opt", "adam", "lr", 0.1, "layers", List.of(1, 2)));
        assertThat(sweep.paramSets().get(1)).isEqualTo(Map.of("opt", "adam", "lr", 0.1, "layers", List.of(3)));
        assertThat(sweep.paramSets().get(7)).isEqualTo(Map.of("opt", "sgd", "lr", 0.01, "layers", List.of(3)));
    }

    @Test
    void gridValuesAreSplitOnlyAtCommasOutsideJsonBracketsBracesAndQuotes() {
        assertThat(values(SweepSpecs.grid(options("x", "[1,2],[3]")))).containsExactly(List.of(1, 2), List.of(3));
        assertThat(values(SweepSpecs.grid(options("x", "{\"a\":1,\"b\":2}")))).containsExactly(Map.of("a", 1, "b", 2));
        assertThat(values(SweepSpecs.grid(options("x", "\"a,b\", c")))).containsExactly("a,b", "c");
        assertThat(values(SweepSpecs.grid(options("x", "[1,2]")))).as("one JSON array lists the values")
                .containsExactly(1, 2);
        assertThat(values(SweepSpecs.grid(options("x", "3 apples, true story")))).containsExactly("3 apples", "true story");
    }

    @Test
    void gridValuesThatCannotBeReadAreUsageErrors() {
        assertThatThrownBy(() -> SweepSpecs.grid(options("x", "[1,2] [3,4]"))).isInstanceOf(UserError.class)
                .hasMessageContaining("--grid x=[1,2] [3,4]: '[1,2] [3,4]' is not one JSON value");
        assertThatThrownBy(() -> SweepSpecs.grid(options("x", "[1,2]junk"))).hasMessageContaining("not one JSON value");
        assertThatThrownBy(() -> SweepSpecs.grid(options("x", "[1,2"))).isInstanceOf(UserError.class)
                .hasMessageContaining("']' is missing");
        assertThatThrownBy(() -> SweepSpecs.grid(options("x", "1],2"))).hasMessageContaining("']' closes nothing open");
        assertThatThrownBy(() -> SweepSpecs.grid(options("x", "\"a,b"))).hasMessageContaining("not closed");
    }

    @Test
    void choiceArgumentsAreSplitLikeGridValues() {
        assertThat(SweepSpecs.distribution("x", "choice([1,2],[3])")).isEqualTo(Distribution.choice(List.of(1, 2), List.of(3)));
        assertThat(SweepSpecs.distribution("x", "choice({\"a\":1,\"b\":2}, 3 apples)"))
                .isEqualTo(Distribution.choice(Map.of("a", 1, "b", 2), "3 apples"));
        assertThatThrownBy(() -> SweepSpecs.distribution("--random x=choice([1,2)", "choice([1,2)"))
                .isInstanceOf(UserError.class).hasMessageContaining("--random x=choice([1,2)");
    }

    private static List<Object> values(Sweep sweep) {
        return sweep.paramSets().stream().map(set -> set.get("x")).toList();
    }

    @Test
    void distributionsAreReadWithTheirArguments() {
        assertThat(SweepSpecs.distribution("x", "uniform(0, 1)")).isEqualTo(Distribution.uniform(0, 1));
        assertThat(SweepSpecs.distribution("x", "loguniform(1e-4,0.1)")).isEqualTo(Distribution.logUniform(1e-4, 0.1));
        assertThat(SweepSpecs.distribution("x", "logUniform(1e-4,0.1)")).isEqualTo(Distribution.logUniform(1e-4, 0.1));
        assertThat(SweepSpecs.distribution("x", "int(1,4)")).isEqualTo(Distribution.integer(1, 4));
        assertThat(SweepSpecs.distribution("x", "choice(adam, 3, true)")).isEqualTo(Distribution.choice("adam", 3, true));
    }

    @Test
    void aBadDistributionIsAUsageErrorNamingTheOption() {
        assertThatThrownBy(() -> SweepSpecs.distribution("--random lr=normal(0,1)", "normal(0,1)"))
                .isInstanceOf(UserError.class).hasMessageContaining("--random lr=normal(0,1)")
                .hasMessageContaining("'normal' is not a distribution");
        assertThatThrownBy(() -> SweepSpecs.distribution("w", "uniform(0)")).hasMessageContaining("two numbers");
        assertThatThrownBy(() -> SweepSpecs.distribution("w", "uniform(a,1)")).hasMessageContaining("'a' is not a number");
        assertThatThrownBy(() -> SweepSpecs.distribution("w", "int(1.5,3)")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> SweepSpecs.distribution("w", "0.1")).hasMessageContaining("expected uniform(a,b)");
        assertThatThrownBy(() -> SweepSpecs.random(options("lr", "uniform(1,0)"), 3, 1))
                .isInstanceOf(UserError.class).hasMessageContaining("'lr'").hasMessageContaining("1.0 > 0.0");
        assertThatThrownBy(() -> SweepSpecs.grid(options("lr", "0.1,,0.2"))).hasMessageContaining("an empty value");
    }

    @Test
    void aRandomSweepDrawsTheSameSetsFromTheSameSeed() {
        Map<String, String> space = options("lr", "loguniform(1e-4,1e-1)", "layers", "int(1,4)");
        assertThat(SweepSpecs.random(space, 5, 42).paramSets()).isEqualTo(SweepSpecs.random(space, 5, 42).paramSets())
                .hasSize(5);
    }

    @Test
    void theSameSeedDrawsTheSameValuesWhateverTheOrderOfTheOptionsAndAsTheSdkDoes() {
        Sweep forward = SweepSpecs.random(options("lr", "uniform(0,1)", "layers", "int(1,100)"), 8, 42);
        Sweep backward = SweepSpecs.random(options("layers", "int(1,100)", "lr", "uniform(0,1)"), 8, 42);
        Sweep sdk = Sweep.random(8, 42, Map.of("lr", Distribution.uniform(0, 1), "layers", Distribution.integer(1, 100)));

        for (String key : List.of("lr", "layers")) {
            List<Object> drawn = forward.paramSets().stream().map(set -> set.get(key)).toList();
            assertThat(backward.paramSets().stream().map(set -> set.get(key)).toList()).as(key).isEqualTo(drawn);
            assertThat(sdk.paramSets().stream().map(set -> set.get(key)).toList()).as(key).isEqualTo(drawn);
        }
    }

    @Test
    void aParamsFileCanHoldAGridRandomDrawsOrSets() throws IOException {
        Path grid = Files.writeString(dir.resolve("grid.yaml"), "grid:\n  lr: [0.1, 0.01]\n  batch: [32, 64]\n");
        Path random = Files.writeString(dir.resolve("random.yaml"),
                "random:\n  n: 6\n  seed: 3\n  params:\n    lr: loguniform(1e-4, 1e-1)\n    opt: [adam, sgd]\n");
        Path sets = Files.writeString(dir.resolve("sets.yaml"), "sets:\n  - {lr: 0.3}\n  - {lr: 0.1, batch: 8}\n");

        assertThat(SweepSpecs.fromFile(grid, io.berth.config.SweepFile.load(grid), 0).paramSets().get(1))
                .isEqualTo(Map.of("lr", 0.1, "batch", 64));
        Sweep drawn = SweepSpecs.fromFile(random, io.berth.config.SweepFile.load(random), 0);
        assertThat(drawn.paramSets()).hasSize(6).allSatisfy(set -> assertThat(set.get("opt")).isIn("adam", "sgd"));
        assertThat(SweepSpecs.fromFile(random, io.berth.config.SweepFile.load(random), 99).paramSets())
                .as("the file's seed wins").isEqualTo(drawn.paramSets());
        assertThat(SweepSpecs.fromFile(sets, io.berth.config.SweepFile.load(sets), 0).paramSets())
                .containsExactly(Map.of("lr", 0.3), Map.of("lr", 0.1, "batch", 8));
    }

    // ---- the command line, refused before anything is bundled or sent ------------------------------------

    @Test
    void optionsThatDoNotMakeOneSweepAreUsageErrors() throws IOException {
        String project = Files.createDirectories(dir.resolve("p")).toString();
        Path badFile = Files.writeString(dir.resolve("bad.yaml"), "grid:\n  lr: [0.1]\nsets:\n  - {lr: 1}\n");

        assertUsageError(berth("sweep", "--grid", "a=1,2", "--random", "b=uniform(0,1)", "-n", "2", "nowhere", project,
                "main.py"), "--grid and --random cannot be mixed");
        assertUsageError(berth("sweep", "--random", "b=uniform(0,1)", "nowhere", project, "main.py"),
                "--random needs -n");
        assertUsageError(berth("sweep", "--grid", "a=1,2", "-n", "3", "nowhere", project, "main.py"),
                "-n and --seed go with --random");
        assertUsageError(berth("sweep", "--params-file", badFile.toString(), "--seed", "1", "nowhere", project, "main.py"),
                "cannot be combined");
        assertUsageError(berth("sweep", "nowhere", project, "main.py"), "needs --grid, --random or --params-file");
        assertUsageError(berth("sweep", "--random", "lr=uniform(1,0)", "-n", "3", "nowhere", project, "main.py"),
                "random: 'lr' is uniform(1.0, 0.0), but 1.0 > 0.0");

        assertUsageError(berth("sweep", "--grid", "lr=1", "--grid", "lr=2", "nowhere", project, "main.py"),
                "--grid: 'lr' is given twice (lr=1 and lr=2)");
        assertUsageError(berth("sweep", "--random", "lr=uniform(0,1)", "--random", "lr=int(1,2)", "-n", "2",
                "nowhere", project, "main.py"), "--random: 'lr' is given twice");
        assertUsageError(berth("sweep", "--grid", "lr=1", "--random", "lr=int(1,2)", "-n", "2", "nowhere", project,
                "main.py"), "--grid and --random cannot be mixed");
        assertUsageError(berth("sweep", "--grid", "lr", "nowhere", project, "main.py"), "--grid lr: expected key=value");

        CliRun file = berth("sweep", "--params-file", badFile.toString(), "nowhere", project, "main.py");
        assertThat(file.exitCode()).as(file.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(file.err()).contains("bad.yaml", "exactly one of grid, random or sets");
    }

    private static void assertUsageError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).as(run.toString()).startsWith("berth: ").contains(message).doesNotContain("Exception");
    }
}
