package io.berth.daemon.core;

import io.berth.wire.ArtifactView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The file a job saved as an artifact, by its key: from the job's directory while it has not finished, from
 * its archive once it has. An artifact's path is what the job wrote in its events file, so it is taken only
 * in the one shape the helpers write ({@code artifacts/<key>/<file name>}, docs/job-helpers.md), and the
 * workspace never follows a link on the way to it.
 */
public final class Artifacts {
    private final JobResultsStore results;
    private final Workspace workspace;

    /** An artifact's file, open for reading; closing it closes the content. */
    public record Artifact(String fileName, Workspace.FileContent file) implements AutoCloseable {
        @Override
        public void close() {
            file.close();
        }
    }

    public Artifacts(JobResultsStore results, Workspace workspace) {
        this.results = results;
        this.workspace = workspace;
    }

    /** @throws NoArtifactException if the job saved no such artifact, or its file cannot be read as one */
    public Artifact open(Job job, String key) {
        ArtifactView saved = (ArtifactView) results.latestValues(List.of(job.id()), JobEvent.Kind.ARTIFACT, key)
                .get(job.id());
        if (saved == null) {
            throw new NoArtifactException("job " + job.id() + " saved no artifact '" + key + "'");
        }
        String fileName = fileName(saved).orElseThrow(() -> new NoArtifactException("the artifact '" + key
                + "' of job " + job.id() + " is not where the helpers put artifacts (its path is '" + saved.path() + "')"));
        List<String> path = List.of("berth", "artifacts", key, fileName);
        Optional<Workspace.FileContent> file = job.state().isFinished()
                ? workspace.openArchivedJobFile(job.id(), path)
                : workspace.openJobFile(job.id(), path);
        return new Artifact(fileName, file.orElseThrow(() -> new NoArtifactException("the file of artifact '" + key
                + "' of job " + job.id() + " is not in its " + (job.state().isFinished() ? "archive" : "directory")
                + " (or is not a plain file)")));
    }

    /** The file name of a path {@code artifacts/<key>/<file name>}, the one shape the helpers write. */
    private static Optional<String> fileName(ArtifactView artifact) {
        String prefix = "artifacts/" + artifact.key() + "/";
        if (!isName(artifact.key()) || artifact.path() == null || !artifact.path().startsWith(prefix)) {
            return Optional.empty();
        }
        String name = artifact.path().substring(prefix.length());
        return isName(name) ? Optional.of(name) : Optional.empty();
    }

    /** One path segment: not empty, not . or .., without / or NUL, at most 255 bytes. */
    private static boolean isName(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..") && segment.indexOf('/') < 0
                && segment.indexOf('\0') < 0 && segment.getBytes(StandardCharsets.UTF_8).length <= 255;
    }
}
