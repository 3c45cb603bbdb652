package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The client jar bin/berth runs for every command but {@code server start}: none of the server is in it. */
class ClientJarIT {
    private static final Path JAR = Path.of("target", "berth.jar");

    @Test
    void versionIsAnsweredAsPicocliAnswersIt() throws Exception {
        String early = run("--version"); // answered before the command tree is built
        String picocli = run("--debug", "--version");

        assertThat(early).isEqualTo(picocli).matches("berth \\d+\\.\\d+\\.\\d+.*\n");
        assertThat(run("-V")).isEqualTo(early);
    }

    @Test
    void theClientJarHoldsTheCommandAndNoneOfTheServer() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(JarEntry::getName).toList();
        }

        assertThat(entries).contains("io/berth/cli/Berth.class", "io/berth/sdk/BerthClient.class")
                .noneMatch(name -> name.startsWith("io/berth/daemon/") || name.startsWith("io/berth/server/"))
                .noneMatch(name -> name.startsWith("io/javalin/") || name.startsWith("org/eclipse/jetty/"))
                .noneMatch(name -> name.startsWith("com/github/dockerjava/") || name.startsWith("redis/"))
                .noneMatch(name -> name.startsWith("ch/qos/logback/") || name.equals("logback.xml"));
    }

    /** The jar's output on stdout, as bin/berth runs it; it must exit 0. */
    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", args)).isZero();
        return out;
    }
}
