package io.berth.daemon.core;

import static io.berth.daemon.core.TestJobs.aRunningJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.archive.SafeTarExtractor;
import io.berth.daemon.storage.FileSystemWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An artifact is found by its key, read from the job's directory or archive, and only where helpers put it. */
class ArtifactsTest {
    @TempDir
    Path data;

    private final InMemoryJobResultsStore results = new InMemoryJobResultsStore();
    private FileSystemWorkspace workspace;
    private Artifacts artifacts;
    private Job job;

    @BeforeEach
    void setUp() throws Exception {
        workspace = new FileSystemWorkspace(data, new SafeTarExtractor(1 << 20, 100));
        artifacts = new Artifacts(results, workspace);
        job = aRunningJob();
        Path file = data.resolve("jobs/" + job.id() + "/job/berth/artifacts/plot/loss.png");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "png bytes");
    }

    private void saved(String key, String path) {
        long offset = results.offset(job.id());
        results.append(job.id(), offset, offset + 1, List.of(new JobEvent(JobEvent.Kind.ARTIFACT, key, null, null,
                Instant.now(), path, 9L)));
    }

    private String read(Job of, String key) throws Exception {
        try (Artifacts.Artifact artifact = artifacts.open(of, key)) {
            assertThat(artifact.fileName()).isEqualTo("loss.png");
            return new String(artifact.file().content().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRunningJobsArtifactComesFromItsDirectoryAndAFinishedOnesFromItsArchive() throws Exception {
        saved("plot", "artifacts/plot/loss.png");
        assertThat(read(job, "plot")).isEqualTo("png bytes");

        Job finished = job.completed(Instant.now());
        workspace.archive(finished, JobSummary.NONE);
        workspace.release(job.id());
        assertThat(read(finished, "plot")).isEqualTo("png bytes");
        assertThatThrownBy(() -> artifacts.open(job, "plot")).as("the directory is gone")
                .isInstanceOf(NoArtifactException.class).hasMessageContaining("is not in its directory");
    }

    @Test
    void aKeyTheJobNeverSavedIsNoArtifact() {
        assertThatThrownBy(() -> artifacts.open(job, "plot")).isInstanceOf(NoArtifactException.class)
                .hasMessage("job " + job.id() + " saved no artifact 'plot'");
    }

    @Test
    void aPathNotInTheShapeTheHelpersWriteIsRefusedWhateverIsThere() {
        for (String path : List.of("../../../../etc/passwd", "artifacts/plot/../plot/loss.png", "artifacts/other/loss.png",
                "artifacts/plot/sub/loss.png", "artifacts/plot/", "/artifacts/plot/loss.png", "artifacts/plot/..")) {
            saved("plot", path);
            assertThatThrownBy(() -> artifacts.open(job, "plot")).as(path).isInstanceOf(NoArtifactException.class)
                    .hasMessageContaining("is not where the helpers put artifacts");
        }
        saved("..", "artifacts/../loss.png");
        assertThatThrownBy(() -> artifacts.open(job, "..")).isInstanceOf(NoArtifactException.class);
    }
}
