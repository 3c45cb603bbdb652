package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/berth as a user runs it, on the jars {@code mvn package} built: {@code server start} from
 * berth-server.jar, the other commands from the client jar, which has no server in it, with the class archive
 * bin/berth makes for it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BinBerthIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

    @TempDir
    Path home;

    @AfterEach
    void stopTheServerAndLetTheArchiveBeWritten() throws Exception {
        run("server", "stop");
        await().atMost(Duration.ofSeconds(60)).until(() -> inProgress(home.resolve(".cache/berth")).isEmpty());
    }

    @Test
    void serverStartRunsTheServerJarAndTheOtherCommandsReachIt() throws Exception {
        Files.writeString(home.resolve("server.yaml"), "port: %d\nembedded_redis_port: %d\n"
                .formatted(freePort(), freePort()));

        Run start = run("server", "start");
        assertThat(start.code).as(start.output).isZero();
        assertThat(start.output).contains("Berth server started at http://127.0.0.1:");
        Long pid = Long.valueOf(Files.readString(home.resolve("server.pid")).trim());
        assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(List::of).orElseThrow())
                .as("the server's JVM: berth-server.jar, with the server's JVM options")
                .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--foreground")
                .anyMatch(argument -> argument.endsWith("server/target/berth-server.jar"));

        Run status = run("server", "status");
        assertThat(status.code).as(status.output).isZero();
        assertThat(status.output).contains("Berth server ").contains("(pid " + pid + ")");

        Run list = run("list", "scheduler");
        assertThat(list.code).as(list.output).isZero();
        assertThat(list.output).doesNotContain("SLF4J").doesNotContain("logback");

        Run stop = run("server", "stop");
        assertThat(stop.output).contains("stopped the Berth server (pid " + pid + ")");
    }

    @Test
    void theClientJarSaysWhichJarStartsTheServer() throws Exception {
        Run start = run(List.of("java", "-jar", BERTH.getParent().resolveSibling("cli/target/berth.jar").toString(),
                "server", "start"));

        assertThat(start.code).isEqualTo(70);
        assertThat(start.output).contains("berth-server.jar").doesNotContain("Exception");
    }

    @Test
    void theClientMakesItsClassArchiveOnceAndRunsWithItOrWithoutIt() throws Exception {
        Path cache = home.resolve(".cache/berth");
        Run first = run("init", home.resolve("first").toString());
        assertThat(first.code).as(first.output).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> files(cache, ".commands").size() == 1
                && Files.readAllLines(files(cache, ".commands").get(0)).contains("init") && inProgress(cache).isEmpty());
        Path archive = files(cache, ".jsa").get(0);

        Run mapped = run("init", home.resolve("second").toString());
        assertThat(mapped.code).as(mapped.output).isZero();
        assertThat(mapped.output).doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("cds");

        Files.writeString(archive, "not an archive");
        Run broken = run("init", home.resolve("third").toString());
        assertThat(broken.code).as(broken.output).isZero();
        assertThat(broken.output).isEqualTo(mapped.output.replace("second", "third"));
        assertThat(files(cache, ".jsa")).containsExactly(archive);
    }

    private static List<Path> files(Path cache, String suffix) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    /** A command's own class list, or a partial archive: an archive is being written. */
    private static List<Path> inProgress(Path cache) throws IOException {
        return files(cache, "").stream()
                .filter(file -> file.getFileName().toString().matches(".*\\.\\d+\\.(classlist|partial.*)")).toList();
    }

    private record Run(int code, String output) {}

    private Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(BERTH.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private Run run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BERTH_HOME", home.toString());
        builder.environment().put("HOME", home.toString()); // no user's submission configs
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
