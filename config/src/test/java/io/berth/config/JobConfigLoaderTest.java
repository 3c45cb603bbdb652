package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.ProjectNames;
import java.nio.file.Files;
import io.berth.wire.ConfiguredJob;
import io.berth.wire.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {
    private static final Path FILE = Path.of("job.config.yaml");

    @TempDir
    Path dir;

    private static JobConfig parse(String yaml) {
        return JobConfigLoader.parse(FILE, yaml);
    }

    private static ConfigException error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void aMissingFileIsAnEmptyConfig() {
        assertThat(JobConfigLoader.load(dir)).isEqualTo(JobConfig.empty());
    }

    @Test
    void anEmptyOrCommentOnlyFileIsAnEmptyConfig() throws Exception {
        Files.writeString(dir.resolve("job.config.yaml"), "# nothing yet\n");
        assertThat(JobConfigLoader.load(dir)).isEqualTo(JobConfig.empty());
        assertThat(parse("")).isEqualTo(JobConfig.empty());
    }

    @Test
    void readsEveryKey() {
        JobConfig c = parse("""
                project_name: mnist
                log_level: INFO
                num_gpus: 1
                ram: 8
                entrypoint: ["/prejob/run.sh"]
                params:
                  lr: 0.1
                  layers: [64, 32]
                  opt: {name: adam}
                worker:
                  image: berth-worker:py3.11
                  args: main.py --epochs 3
                  working_dir: /job/job_source
                  environment:
                    DEBUG: 1
                    MODE: fast
                    ON: true
                  volumes:
                    /srv/data:
                      bind: /data
                      mode: ro
                    /srv/out: {bind: /out}
                """);
        assertThat(c.projectName()).isEqualTo("mnist");
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.numGpus()).isEqualTo(1);
        assertThat(c.memoryBytes()).isEqualTo(8L << 30);
        assertThat(c.containerEntrypoint()).containsExactly("/prejob/run.sh");
        assertThat(c.params()).containsEntry("lr", 0.1).containsEntry("layers", List.of(64, 32))
                .containsEntry("opt", Map.of("name", "adam"));
        JobConfig.Worker w = c.worker();
        assertThat(w.image()).isEqualTo("berth-worker:py3.11");
        assertThat(w.commandOrArgs()).containsExactly("main.py", "--epochs", "3");
        assertThat(w.workingDir()).isEqualTo("/job/job_source");
        assertThat(w.environment()).containsExactly(Map.entry("DEBUG", "1"), Map.entry("MODE", "fast"),
                Map.entry("ON", "true"));
        assertThat(w.volumes()).containsExactly(
                Map.entry("/srv/data", new JobConfig.Volume("/data", "ro")),
                Map.entry("/srv/out", new JobConfig.Volume("/out", "rw")));
        assertThat(w.volumes().get("/srv/data").readOnly()).isTrue();
    }

    @Test
    void theConfiguredJobIsWhatTheFileSaysWithTheDirectorysNameAndLogLevelFilledIn() {
        ConfiguredJob job = parse("""
                log_level: debug
                num_gpus: 1
                ram: 2
                params: {lr: 0.1, layers: [64, 32]}
                worker:
                  image: pytorch/pytorch:2.3.1
                  command: main.py --epochs 3
                  environment: {SEED: '7', BERTH_LOG_LEVEL: quiet}
                  volumes:
                    /srv/data: {bind: /data, mode: ro}
                """).configuredJob("мой проект");

        assertThat(job.project()).isEqualTo("мой-проект");
        assertThat(job.command()).containsExactly("main.py", "--epochs", "3");
        assertThat(job.params()).containsEntry("lr", 0.1).containsEntry("layers", List.of(64, 32));
        assertThat(job.spec().image()).isEqualTo("pytorch/pytorch:2.3.1");
        assertThat(job.spec().environment()).as("the file's own variable wins over log_level's")
                .containsEntry("SEED", "7").containsEntry("BERTH_LOG_LEVEL", "quiet");
        assertThat(job.spec().volumes()).containsExactly(new VolumeMount("/srv/data", "/data", true));
        assertThat(job.spec().requests().numGpus()).isEqualTo(1);
        assertThat(job.spec().requests().memoryBytes()).isEqualTo(2L << 30);
        assertThat(job.spec().runAs()).isNull();

        assertThat(parse("log_level: INFO").configuredJob("p").spec().environment())
                .containsEntry("BERTH_LOG_LEVEL", "INFO");
        assertThat(JobConfig.empty().configuredJob(null).project()).isEqualTo("default");
        assertThat(parse("project_name: mine").configuredJob("dir").project()).isEqualTo("mine");
    }

    @Test
    void memoryTakesUnitsAndABareNumberMeansGigabytes() {
        assertThat(parse("memory: 512m").memoryBytes()).isEqualTo(512L << 20);
        assertThat(parse("memory: 1.5g").memoryBytes()).isEqualTo(3L << 29);
        assertThat(parse("memory: 2").memoryBytes()).isEqualTo(2L << 30);
        assertThat(parse("ram: 0.5").memoryBytes()).isEqualTo(512L << 20);
        assertThat(parse("ram: 1073741824b").memoryBytes()).isEqualTo(1L << 30);
    }

    @Test
    void commandsWrittenAsOneStringAreSplitLikeAShell() {
        JobConfig c = parse("worker:\n  command: python -u 'my script.py' --name \"a b\"\n");
        assertThat(c.worker().commandOrArgs()).containsExactly("python", "-u", "my script.py", "--name", "a b");
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        ConfigException e = error("project_name: x\nlog_level: INFO\nnum_gpu: 2\n");
        assertThat(e).hasMessage("job.config.yaml:3: unknown key 'num_gpu' (did you mean num_gpus?)");
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("num_gpu");
    }

    @Test
    void unknownNestedKeySuggestsWithItsPath() {
        ConfigException e = error("worker:\n  imag: foo\n");
        assertThat(e).hasMessage("job.config.yaml:2: unknown key 'worker.imag' (did you mean worker.image?)");
    }

    @Test
    void atlasAndDockerPyKeysAreRefusedNamingTheBerthWay() {
        assertThat(error("worker:\n  image: x\n  resources:\n    num_gpus: 1\n")).hasMessage("job.config.yaml:3: unknown"
                + " key 'worker.resources' (Atlas's Kubernetes leftover, which Atlas never applied; set num_gpus, cpus and"
                + " memory at the top level)");
        assertThat(error("worker:\n  mem_limit: 8g\n")).hasMessage("job.config.yaml:2: unknown key 'worker.mem_limit'"
                + " (use the top-level memory: 8g, or ram; Docker adds no swap on top)");
        assertThat(error("worker:\n  runtime: nvidia\n").getMessage()).endsWith("unknown key 'worker.runtime' (GPUs"
                + " come from the top-level num_gpus: the job gets that many, by id, with no runtime to set)");
        assertThat(error("worker:\n  network_mode: host\n").getMessage()).endsWith("unknown key"
                + " 'worker.network_mode' (use worker.network: none, bridge or a network the server allows)");
        assertThat(error("mem_limit: 8g\n").getMessage()).endsWith("unknown key 'mem_limit' (use the top-level"
                + " memory: 8g, or ram; Docker adds no swap on top)");
        for (String key : List.of("shm_size: 2g", "ports: {8080: 8080}", "privileged: true", "user: '1000'",
                "devices: [/dev/fuse]", "network_mode: host", "cpu_count: 2", "auto_remove: true")) {
            assertThat(error("worker:\n  " + key + "\n").getMessage()).as(key)
                    .startsWith("job.config.yaml:2: unknown key 'worker." + key.substring(0, key.indexOf(':')) + "' (")
                    .doesNotContain("did you mean", "known keys");
        }
    }

    @Test
    void workerConstraintsGoIntoTheRequestsAndABadOneIsRefused() {
        assertThat(parse("worker:\n  constraints:\n    gpu_model: a100\n    gpu_count: 8\n").requests().constraints())
                .hasToString("{gpu_count=8, gpu_model=a100}"); // sorted by key
        assertThat(parse("worker:\n  image: x\n").requests().constraints()).as("none asked for").isNull();
        assertThatThrownBy(() -> parse("worker:\n  constraints:\n    gpu_model: ''\n"))
                .hasMessageContaining("worker.constraints").hasMessageContaining("'gpu_model' has no value");
    }

    @Test
    void workerNetworkIsNoneBridgeOrANamedNetworkAndGoesIntoTheSpec() {
        assertThat(parse("worker:\n  network: none\n").configuredJob("p").spec().network()).isEqualTo("none");
        assertThat(parse("worker:\n  network: lab-net_2\n").configuredJob("p").spec().network()).isEqualTo("lab-net_2");
        assertThat(parse("worker:\n  image: x\n").configuredJob("p").spec().network()).as("the server's default").isNull();
        assertThat(error("worker:\n  image: x\n  network: 'container:db'\n")).hasMessage("job.config.yaml:3:"
                + " worker.network: must be none, bridge or a Docker network's name (letters, digits, '_', '.' and"
                + " '-', starting with a letter or digit), got 'container:db'");
        assertThat(error("network: none\n")).hasMessage("job.config.yaml:1: unknown key 'network'"
                + " (it belongs under worker:)");
    }

    @Test
    void aKeyWrittenAtTheOtherLevelSaysWhereItGoes() {
        assertThat(error("worker:\n  num_gpus: 1\n")).hasMessage("job.config.yaml:2: unknown key 'worker.num_gpus'"
                + " (a top-level key: move it out of worker:)");
        assertThat(error("image: pytorch/pytorch\n")).hasMessage("job.config.yaml:1: unknown key 'image'"
                + " (it belongs under worker:)");
    }

    @Test
    void foreignKeyHintsAreOnlyForJobConfigYaml() {
        assertThat(ForeignKeys.hint(ServerConfigFile.class, "network")).isEmpty();
        assertThat(ForeignKeys.hint(JobConfig.Worker.class, "imag")).isEmpty();
    }

    @Test
    void unknownKeyFarFromAnyListsTheKnownOnes() {
        assertThat(error("flavour: vanilla\n").getMessage())
                .startsWith("job.config.yaml:1: unknown key 'flavour' (known keys: cpus, entrypoint, log_level, max_attempts,")
                .contains("worker");
    }

    @Test
    void wrongTypesNameTheKeyAndTheValue() {
        assertThat(error("project_name: x\nlog_level: INFO\nram: 4\nnum_gpus: two\n"))
                .hasMessage("job.config.yaml:4: num_gpus: expected an integer, got 'two'");
        assertThat(error("num_gpus: 1.5\n")).hasMessage("job.config.yaml:1: num_gpus: expected an integer, got '1.5'");
        assertThat(error("num_gpus: [1]\n")).hasMessage("job.config.yaml:1: num_gpus: expected an integer, got a list");
        assertThat(error("worker: [a, b]\n")).hasMessage("job.config.yaml:1: worker: expected a mapping, got a list");
        assertThat(error("params: 3\n").getMessage()).startsWith("job.config.yaml:1: params: expected a mapping");
        assertThat(error("worker:\n  environment:\n    A: [1, 2]\n"))
                .hasMessage("job.config.yaml:3: worker.environment.A: expected a string, got a list");
    }

    @Test
    void aProjectNameTheServerWouldRefuseIsRefusedHereWithItsLine() {
        assertThat(error("log_level: INFO\nproject_name: \"bad:name\"\n")).hasMessage(
                "job.config.yaml:2: project_name: 'bad:name' is not a valid project name (" + ProjectNames.RULE
                        + "); use 'bad-name'");
        assertThat(parse("project_name: мой-проект\n").projectName()).isEqualTo("мой-проект");
        assertThat(error("project_name: 'My Atlas Project'\n").getMessage()).as("Atlas allowed spaces")
                .endsWith("; use 'My-Atlas-Project'");
    }

    @Test
    void badVolumeModeNamesTheFullKeyAndLine() {
        ConfigException e = error("""
                project_name: x
                worker:
                  image: img
                  volumes:
                    /data:
                      bind: /data
                      mode: rx
                """);
        assertThat(e).hasMessage("job.config.yaml:7: worker.volumes./data.mode: must be rw or ro, got 'rx'");
        assertThat(e.key()).isEqualTo("worker.volumes./data.mode");
        assertThat(e.line()).isEqualTo(7);
    }

    @Test
    void volumeBindMustBeAbsoluteAndPresent() {
        assertThat(error("worker:\n  volumes:\n    /d:\n      bind: data\n"))
                .hasMessage("job.config.yaml:4: worker.volumes./d.bind: must be an absolute path inside the container,"
                        + " got 'data'");
        assertThat(error("worker:\n  volumes:\n    /d:\n      mode: ro\n"))
                .hasMessage("job.config.yaml:3: worker.volumes./d.bind: required: the path inside the container");
        assertThat(error("worker:\n  volumes:\n    /d:\n"))
                .hasMessage("job.config.yaml:3: worker.volumes./d: needs bind: and mode:");
    }

    @Test
    void badMemoryNamesTheKey() {
        assertThat(error("num_gpus: 0\nram: lots\n"))
                .hasMessage("job.config.yaml:2: ram: expected a size like 512m, 8g or 1.5g (a bare number means GB),"
                        + " got 'lots'");
        assertThat(error("memory: 1073741824\n").getMessage())
                .isEqualTo("job.config.yaml:1: memory: a bare number means GB, so '1073741824' is too large;"
                        + " write 1073741824b for bytes");
        assertThat(error("memory: [1]\n").getMessage()).endsWith("got a list");
    }

    @Test
    void ramAndMemoryTogetherIsAnErrorNamingBoth() {
        assertThat(error("ram: 4\nnum_gpus: 0\nmemory: 4g\n"))
                .hasMessage("job.config.yaml:3: memory: ram and memory both set the memory limit; keep one of them");
    }

    @Test
    void negativeGpusAreRefused() {
        assertThat(error("log_level: INFO\nnum_gpus: -1\n"))
                .hasMessage("job.config.yaml:2: num_gpus: must be 0 or more, got -1");
    }

    @Test
    void cpusBelowDockersMinimumAreRefusedHereNotWhenTheContainerStarts() {
        assertThat(error("log_level: INFO\ncpus: 0.005\n"))
                .hasMessage("job.config.yaml:2: cpus: must be at least 0.01 (Docker's minimum), got 0.005");
        assertThat(error("cpus: 0.0001\n"))
                .hasMessage("job.config.yaml:1: cpus: must be at least 0.01 (Docker's minimum), got 0.0001");
        assertThat(error("cpus: 0\n")).hasMessage("job.config.yaml:1: cpus: must be at least 0.01 (Docker's minimum), got 0");
        assertThat(error("cpus: 5000\n")).hasMessage("job.config.yaml:1: cpus: must be at most 4096, got 5000");
        assertThat(parse("cpus: 0.01").cpus()).isEqualTo(0.01);
    }

    @Test
    void otherValueChecks() {
        assertThat(error("log_level: LOUD\n").getMessage()).startsWith("job.config.yaml:1: log_level: must be one of");
        assertThat(error("worker:\n  command: a\n  args: b\n"))
                .hasMessage("job.config.yaml:3: worker.args: command and args both set the command; keep one of them");
        assertThat(error("worker:\n  working_dir: src\n").getMessage())
                .startsWith("job.config.yaml:2: worker.working_dir: must be an absolute path");
        assertThat(error("entrypoint: a\nworker:\n  entrypoint: b\n"))
                .hasMessage("job.config.yaml:3: worker.entrypoint: entrypoint and worker.entrypoint differ;"
                        + " keep one of them");
        assertThat(parse("worker:\n  environment:\n    A: ''\n").worker().environment()).containsEntry("A", "");
        assertThat(error("worker:\n  environment:\n    A:\n"))
                .hasMessage("job.config.yaml:3: worker.environment.A: needs a value (write '' for an empty one)");
        assertThat(error("worker:\n  environment:\n    OK: x\n    1BAD: y\n"))
                .as("the server's rule, before anything is uploaded")
                .hasMessage("job.config.yaml:4: worker.environment.1BAD: not a variable name (letters, digits and '_',"
                        + " not starting with a digit)");
        assertThat(error("worker:\n  args: [main.py, {a: 1}]\n"))
                .hasMessage("job.config.yaml:2: worker.args[1]: expected a string, got a mapping");
        assertThat(error("worker:\n  args: \"unterminated\n").getMessage()).contains("job.config.yaml:");
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        ConfigException e = error("project_name: x\nworker: {image: a\n");
        assertThat(e.getMessage()).startsWith("job.config.yaml:").contains("invalid YAML");
        assertThat(e.line()).isNotNull();
        assertThat(error("a: b\n  c: d\n").getMessage()).startsWith("job.config.yaml:2: invalid YAML:");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(error("num_gpus: 1\nnum_gpus: 2\n")).hasMessage("job.config.yaml:2: duplicate key 'num_gpus'");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThat(error("- a\n- b\n")).hasMessage("job.config.yaml:1: expected keys and values, got a list");
    }

    @Test
    void aliasesAreRefusedNamingLineAndKey() {
        // Jackson's YAML parser reads an alias as its anchor's name: lr2 would silently be the string 'lr'.
        assertThat(error("project_name: p\nparams:\n  lr: &lr 0.1\n  lr2: *lr\n"))
                .hasMessage("job.config.yaml:4: params.lr2: YAML aliases (*lr) are not supported; write the value");
        assertThat(error("worker:\n  args: &a [main.py]\n  command: [x, *a]\n"))
                .hasMessage("job.config.yaml:3: worker.command[1]: YAML aliases (*a) are not supported; write the value");
        assertThat(error("base: &b {image: x}\nworker:\n  <<: *b\n"))
                .hasMessage("job.config.yaml:3: worker.<<: YAML merge keys (<<) are not supported; write the keys out");
    }

    @Test
    void anchorsAreRefused() {
        assertThat(error("params:\n  a: 1\n  lr: &lr [0.1]\n"))
                .hasMessage("job.config.yaml:3: params.lr: YAML anchors (&lr) are not supported; remove it");
        assertThat(error("params: &p\n  a: 1\n"))
                .hasMessage("job.config.yaml:1: params: YAML anchors (&p) are not supported; remove it");
    }

    @Test
    void tagsAreRefused() {
        assertThat(error("params:\n  n: !!str 5\n")).hasMessage(
                "job.config.yaml:2: params.n: YAML tags (!!str) are not supported; write the plain value (quoted, for a string)");
        assertThat(error("params:\n  - !!python/object:os.system {}\n").getMessage())
                .startsWith("job.config.yaml:2: params[0]: YAML tags (!!python/object:os.system) are not supported");
        assertThat(error("worker:\n  image: !custom x\n").getMessage())
                .startsWith("job.config.yaml:2: worker.image: YAML tags (!custom) are not supported");
    }

    @Test
    void textThatOnlyLooksLikeAnAliasOrTagIsAString() {
        JobConfig c = parse("params:\n  a: '*x'\n  b: \"!!str\"\n  c: x&y\n");
        assertThat(c.params()).containsEntry("a", "*x").containsEntry("b", "!!str").containsEntry("c", "x&y");
    }

    @Test
    void oversizedFilesAreRefused() throws Exception {
        Files.writeString(dir.resolve("job.config.yaml"), "params:\n  a: \"" + "x".repeat(YamlText.MAX_CHARS) + "\"\n");
        assertThatThrownBy(() -> JobConfigLoader.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("too large for a config file");
    }

    @Test
    void errorsInAFileNameItsPath() throws Exception {
        Files.writeString(dir.resolve("job.config.yaml"), "num_gpus: x\n");
        assertThatThrownBy(() -> JobConfigLoader.load(dir))
                .hasMessage(dir.resolve("job.config.yaml") + ":1: num_gpus: expected an integer, got 'x'");
    }
}
