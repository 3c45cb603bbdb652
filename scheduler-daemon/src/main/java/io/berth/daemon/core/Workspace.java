package io.berth.daemon.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A job's files on the server: its directory (mounted at {@code /job}), its logs (one file per
 * attempt, kept outside that directory) and, once it has ended, its archive.
 */
public interface Workspace {
    /** The directory under the job's directory where {@link #prepare} unpacks the bundle. */
    String SOURCE_DIR_NAME = "job_source";

    /** Unpacks the job's bundle into {@code <job dir>/job_source} and writes its parameters file there. */
    PreparedJob prepare(Job job, Path bundle);

    /** Appends to the log file of the job's current attempt, creating it. */
    OutputStream openLog(Job job);

    /** The log file of one attempt, whether or not it exists yet. */
    Path logFile(String jobId, int attempt);

    /** Bytes in the log of the job's current attempt so far; 0 if it has none yet. */
    default long logSize(Job job) {
        try {
            return Files.size(logFile(job.id(), job.attempt()));
        } catch (IOException e) {
            return 0;
        }
    }

    /** How much of its container's output the log of the job's current attempt has: all past Berth's own lines. */
    default long containerOutputLogged(Job job) {
        return Math.max(0, logSize(job) - job.logOffset());
    }

    /**
     * Packs the job directory, its logs and {@code job}'s metadata (with what it {@code reported}, as job
     * tables show it) into the archive, replacing any earlier one. The directory stays until {@link #release},
     * so a job can be archived again if its state changed.
     */
    void archive(Job job, JobSummary reported);

    /** Frees the job's directory once it is archived; its logs stay for {@code get logs}. */
    void release(String jobId);

    Optional<Path> archiveFile(String jobId);

    /** Keeps {@code archive} (a tar.gz an agent made of the job's attempt) as the job's archive, whole or not at all. */
    void storeArchive(String jobId, InputStream archive) throws IOException;

    /** Removes everything the workspace holds for the job. */
    void delete(String jobId);

    /** Ids of the jobs that have anything here (a directory, logs or an archive). */
    Set<String> jobIdsWithFiles();

    /** Whether the job's directory (the one mounted at /job) is still there. */
    boolean hasJobDir(String jobId);

    /** When the job's archive was written, if it has one. */
    Optional<Instant> archivedAt(String jobId);

    /** Removes the job's archive only; its record and logs stay. */
    void deleteArchive(String jobId);

    /**
     * Opens a file the job wrote in its directory, by the names of the directories on the way and its own
     * ({@code berth}, {@code artifacts}, ...): without following a link at any step, so that the job, which
     * can change its directory at any moment, cannot lead a read outside it. Empty if there is no such
     * plain file (or the job directory is gone).
     */
    Optional<FileContent> openJobFile(String jobId, List<String> path);

    /** The same file as the job's archive holds it, if it has one and the file is a plain file there. */
    Optional<FileContent> openArchivedJobFile(String jobId, List<String> path);

    /** @param jobDir the host directory to mount at /job */
    record PreparedJob(Path jobDir) {}

    /** A file's bytes, open for reading, and how many there are; closing it closes the content. */
    record FileContent(InputStream content, long size) implements AutoCloseable {
        @Override
        public void close() {
            try {
                content.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
