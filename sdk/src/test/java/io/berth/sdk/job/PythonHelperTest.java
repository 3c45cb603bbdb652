package io.berth.sdk.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python helper's own tests ({@code python/tests}) with the host's python3, so that
 * {@code mvn test} covers the in-container helper too. Fails, never skips, when python3 is missing.
 */
class PythonHelperTest {
    /** Maven runs tests with the module's directory (sdk/) as the working directory. */
    private static final Path HELPERS = Path.of("..", "python").toAbsolutePath().normalize();
    private static final long TIMEOUT_SECONDS = 300;

    @TempDir
    Path tmp;

    @Test
    void pythonHelperTestsPass() throws Exception {
        Path tests = HELPERS.resolve("tests");
        assertThat(tests.resolve("test_berth.py")).as("the Python helper's tests").isRegularFile();

        ProcessBuilder builder = new ProcessBuilder(List.of(
                "python3", "-B", "-m", "unittest", "discover", "-s", tests.toString(), "-v"))
                .directory(HELPERS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("output.txt").toFile());
        Map<String, String> env = builder.environment();
        // the tests set their own job environment; never inherit a real job's (e.g. a build inside a job)
        env.keySet().removeIf(name -> name.startsWith("BERTH_") || name.startsWith("FOUNDATIONS_"));
        env.remove("PYTHONPATH");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("TMPDIR", tmp.toString());

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            fail("python3 is needed to test the worker image's Python helper, but it cannot be run: "
                    + e.getMessage(), e);
            return;
        }
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(tmp.resolve("output.txt"), StandardCharsets.UTF_8);
        assertThat(finished).as("python3 -m unittest finished within %ds; output:%n%s", TIMEOUT_SECONDS, output)
                .isTrue();
        assertThat(process.exitValue()).as("python3 -m unittest exit code; output:%n%s", output).isZero();
        assertThat(output).as("unittest output").contains("OK");
        output.lines().filter(line -> line.startsWith("Ran ")).forEach(line -> System.out.println("python: " + line));
    }
}
