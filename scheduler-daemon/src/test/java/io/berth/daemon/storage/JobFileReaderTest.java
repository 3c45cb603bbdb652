package io.berth.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.core.Workspace.FileContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's file is read by its names, and a link the job put anywhere on the way is never followed. */
class JobFileReaderTest {
    private static final List<String> PLOT = List.of("berth", "artifacts", "plot", "plot.png");

    @TempDir
    Path tmp;
    private Path jobDir;
    private Path outside;

    @BeforeEach
    void setUp() throws Exception {
        jobDir = Files.createDirectories(tmp.resolve("jobs/01job/job"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("plot.png"), "the server's secret");
        Files.createDirectories(outside.resolve("plot"));
        Files.writeString(outside.resolve("plot/plot.png"), "the server's secret");
    }

    private Path write(String path, String text) throws Exception {
        Path file = jobDir.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static String text(Optional<FileContent> file) throws Exception {
        try (FileContent content = file.orElseThrow()) {
            String text = new String(content.content().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(content.size()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
            return text;
        }
    }

    @Test
    void aPlainFileIsReadWhole() throws Exception {
        write("berth/artifacts/plot/plot.png", "png bytes");

        assertThat(text(JobFileReader.fromDirectory(jobDir, PLOT))).isEqualTo("png bytes");
    }

    @Test
    void aLinkAsTheFileIsNotFollowed() throws Exception {
        Files.createDirectories(jobDir.resolve("berth/artifacts/plot"));
        Files.createSymbolicLink(jobDir.resolve("berth/artifacts/plot/plot.png"), outside.resolve("plot.png"));

        assertThat(JobFileReader.fromDirectory(jobDir, PLOT)).isEmpty();
    }

    @Test
    void aLinkAsADirectoryOnTheWayIsNotFollowed() throws Exception {
        Files.createDirectories(jobDir.resolve("berth/artifacts"));
        Files.createSymbolicLink(jobDir.resolve("berth/artifacts/plot"), outside.resolve("plot"));
        assertThat(JobFileReader.fromDirectory(jobDir, PLOT)).isEmpty();

        Files.createSymbolicLink(jobDir.resolve("elsewhere"), outside);
        assertThat(JobFileReader.fromDirectory(jobDir, List.of("elsewhere", "plot.png"))).isEmpty();
        Files.createSymbolicLink(jobDir.resolve("berth/up"), Path.of(".."));
        assertThat(JobFileReader.fromDirectory(jobDir, List.of("berth", "up", "berth", "artifacts"))).isEmpty();
    }

    @Test
    void aDirectoryAMissingFileOrAMissingJobDirectoryIsNothing() throws Exception {
        Files.createDirectories(jobDir.resolve("berth/artifacts/plot/plot.png"));
        assertThat(JobFileReader.fromDirectory(jobDir, PLOT)).isEmpty();
        assertThat(JobFileReader.fromDirectory(jobDir, List.of("berth", "artifacts", "none", "x"))).isEmpty();
        write("berth/file", "a file where a directory is asked for");
        assertThat(JobFileReader.fromDirectory(jobDir, List.of("berth", "file", "x"))).isEmpty();
        assertThat(JobFileReader.fromDirectory(tmp.resolve("jobs/gone/job"), PLOT)).isEmpty();
    }

    @Test
    void whatIsReadStopsAtTheSizeTheFileHadWhenOpened() throws Exception {
        Path file = write("berth/artifacts/plot/plot.png", "first");
        try (FileContent content = JobFileReader.fromDirectory(jobDir, PLOT).orElseThrow()) {
            Files.writeString(file, " and more", StandardOpenOption.APPEND);
            assertThat(new String(content.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first");
        }
    }

    @Test
    void anArchiveGivesAPlainFilesEntryAndNothingForALink() throws Exception {
        write("berth/artifacts/plot/plot.png", "png bytes");
        Files.createDirectories(jobDir.resolve("berth/artifacts/leak"));
        Files.createSymbolicLink(jobDir.resolve("berth/artifacts/leak/plot.png"), outside.resolve("plot.png"));
        Path archive = tmp.resolve("01job.tar.gz");
        TarGzWriter.write(jobDir.getParent(), archive);

        assertThat(text(JobFileReader.fromArchive(archive, "job/berth/artifacts/plot/plot.png"))).isEqualTo("png bytes");
        assertThat(JobFileReader.fromArchive(archive, "job/berth/artifacts/leak/plot.png")).isEmpty();
        assertThat(JobFileReader.fromArchive(archive, "job/berth/artifacts/plot")).as("a directory").isEmpty();
        assertThat(JobFileReader.fromArchive(tmp.resolve("none.tar.gz"), "job/x")).isEmpty();
    }
}
