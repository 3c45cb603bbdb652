package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick reading of submission configs: taken for the usual ones, and agreeing with the full one on every file. */
class FlatYamlTest {
    private static final Set<String> KEYS = Set.of("scheduler_url", "token", "ca_cert");

    @TempDir
    Path dir;

    @Test
    void theUsualConfigsAreReadTheQuickWay() {
        assertThat(FlatYaml.strings("scheduler_url: http://127.0.0.1:5000\n", KEYS))
                .contains(Map.of("scheduler_url", "http://127.0.0.1:5000"));
        assertThat(FlatYaml.strings("""
                # the lab's GPU box
                scheduler_url: "https://gpu1.lab:5000"   # over TLS
                token: 'AbCdEfGhIjKlMnOpQrSt_-1234'
                ca_cert: certs/lab.pem
                """, KEYS)).contains(Map.of("scheduler_url", "https://gpu1.lab:5000",
                "token", "AbCdEfGhIjKlMnOpQrSt_-1234", "ca_cert", "certs/lab.pem"));
    }

    @Test
    void anythingElseIsLeftToTheFullReading() {
        for (String text : List.of("", "# nothing\n", "scheduler_url: http://a:1\nredis_url: redis://x\n",
                "token: 1234567890123456\n", "token: ~\n", "token: \"\"\n", "token: yes\n",
                "scheduler_url: &u http://a:1\n", "scheduler_url: !!str http://a:1\n", "token: [a, b]\n",
                "scheduler_url: http://a:1\nscheduler_url: http://b:1\n", "- scheduler_url\n",
                "scheduler_url: http://a:1\n---\ntoken: abc\n", "scheduler_url: [unclosed\n")) {
            assertThat(FlatYaml.strings(text, KEYS)).as(text).isEmpty();
        }
    }

    @Test
    void bothReadingsAgreeOnWhatAConfigSaysAndOnWhatIsWrongWithIt() throws Exception {
        for (String text : List.of("scheduler_url: http://127.0.0.1:5000\n",
                "scheduler_url: 'http://gpu1:5000'\ntoken: AbCdEfGhIjKlMnOpQrSt\n",
                "scheduler_url: https://gpu1:5000\nca_cert: lab.pem\n",
                "scheduler_url: http://gpu1:5000\nca_cert: lab.pem\n",
                "scheduler_url: ftp://gpu1\n", "token: AbCdEfGhIjKlMnOpQrSt\n", "scheduler_url: 5000\n",
                "scheduler_url: http://a:1\ntoken: \"  \"\n", "scheduler_url: http://a:1\nworker: {image: x}\n",
                "scheduler_url: http://a:1\nschedulr: x\n", "scheduler_url: http://a:1\ntoken: ~\n")) {
            Path file = Files.writeString(dir.resolve("env.config.yaml"), text);

            Object quick = outcome(() -> SubmissionConfigs.load(file));
            Object full = outcome(() -> {
                SubmissionConfigFile parsed = YamlFiles.parse(file, text, SubmissionConfigFile.class);
                return parsed == null ? null : parsed.toConfig(file);
            });

            assertThat(quick).as(text).isEqualTo(full);
        }
    }

    private interface Load {
        SubmissionConfig load();
    }

    /** The config read, or the message of the error that refused it. */
    private static Object outcome(Load load) {
        Throwable error = catchThrowable(load::load);
        return error == null ? load.load() : error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
