package io.berth.daemon.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.archive.SafeTarExtractor;
import io.berth.archive.UnpackException;
import io.berth.daemon.core.InvalidBundleException;
import io.berth.archive.FileTrees;
import io.berth.daemon.core.Job;
import io.berth.daemon.core.JobSummary;
import io.berth.daemon.core.JobViews;
import io.berth.daemon.core.Workspace;
import io.berth.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Job files under the data directory: {@code jobs/<id>/job} is mounted at {@code /job},
 * {@code jobs/<id>/logs/attempt-<n>.log} stays outside the container's reach, and
 * {@code archives/<id>.tar.gz} holds what is kept once the job has ended.
 */
public final class FileSystemWorkspace implements Workspace {
    /** Atlas's name for the parameters file, so Atlas scripts find it where they look. */
    public static final String PARAMETERS_FILE = "foundations_job_parameters.json";

    private final Path jobsDir;
    private final Path archivesDir;
    private final SafeTarExtractor extractor;
    private final ObjectMapper json = WireJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    public FileSystemWorkspace(Path dataDir, SafeTarExtractor extractor) {
        this.jobsDir = dataDir.resolve("jobs");
        this.archivesDir = dataDir.resolve("archives");
        this.extractor = extractor;
        try {
            Files.createDirectories(jobsDir);
            // jobs' directories are open to their containers' users (openToEveryUser): keep other users of the host out
            Files.setPosixFilePermissions(jobsDir, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(archivesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + jobsDir + " or " + archivesDir, e);
        }
    }

    @Override
    public PreparedJob prepare(Job job, Path bundle) {
        Path jobDir = jobDir(job.id());
        FileTrees.delete(jobDir); // a new attempt starts from the bundle, not from what the last one left
        Path source = jobDir.resolve(SOURCE_DIR_NAME);
        try {
            extractor.extract(bundle, source);
        } catch (UnpackException e) {
            throw new InvalidBundleException(e.getMessage(), e);
        }
        try {
            Files.write(source.resolve(PARAMETERS_FILE), json.writeValueAsBytes(job.params()));
            Files.createDirectories(jobDir.resolve("berth"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parameters of job " + job.id(), e);
        }
        if (job.spec().runAs() != null) {
            giveTo(jobDir, job.spec().runAs());
        } else {
            openToEveryUser(jobDir);
        }
        return new PreparedJob(jobDir);
    }

    /**
     * A job runs as whichever user its image names (often not root: {@code USER 1000}), which must be able to
     * write its working directory and report. Only the container sees the directory open: on the host,
     * {@code jobs/} is the server's alone.
     */
    private static void openToEveryUser(Path jobDir) {
        try (var tree = Files.walk(jobDir)) {
            for (Path path : tree.toList()) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                boolean executable = Files.isDirectory(path)
                        || Files.getPosixFilePermissions(path).contains(PosixFilePermission.OWNER_EXECUTE);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the directory of a job to its container's user: " + jobDir, e);
        }
    }

    /** The job's directory belongs to the user it runs as, so it can write there and its files are its own. */
    private static void giveTo(Path jobDir, String uidGid) {
        String[] ids = uidGid.split(":");
        int uid = Integer.parseInt(ids[0]);
        int gid = Integer.parseInt(ids[1]);
        try (var tree = Files.walk(jobDir)) {
            for (Path path : tree.toList()) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new UncheckedIOException("cannot give the job's directory to " + uidGid
                    + " (the server must run as root to run jobs as their submitter)",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    @Override
    public OutputStream openLog(Job job) {
        Path log = logFile(job.id(), job.attempt());
        try {
            Files.createDirectories(log.getParent());
            return Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log of job " + job.id() + " at " + log, e);
        }
    }

    @Override
    public Path logFile(String jobId, int attempt) {
        return jobsDir.resolve(jobId).resolve("logs").resolve("attempt-" + Math.max(attempt, 1) + ".log");
    }

    @Override
    public void archive(Job job, JobSummary reported) {
        Path root = jobsDir.resolve(job.id());
        Path archive = archivesDir.resolve(job.id() + ".tar.gz");
        Path partial = archivesDir.resolve(job.id() + ".tar.gz.part");
        try {
            Files.createDirectories(root);
            Files.write(root.resolve("metadata.json"), json.writeValueAsBytes(JobViews.of(job, reported)));
            TarGzWriter.write(root, partial);
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            FileTrees.deleteQuietly(partial);
            throw new UncheckedIOException("cannot archive job " + job.id() + " to " + archive, e);
        }
    }

    @Override
    public void release(String jobId) {
        FileTrees.delete(jobDir(jobId));
    }

    @Override
    public void storeArchive(String jobId, InputStream archive) throws IOException {
        Path target = archivesDir.resolve(jobId + ".tar.gz");
        Path partial = archivesDir.resolve(jobId + ".tar.gz.part");
        Files.createDirectories(archivesDir);
        Files.copy(archive, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public Optional<Path> archiveFile(String jobId) {
        Path archive = archivesDir.resolve(jobId + ".tar.gz");
        return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
    }

    @Override
    public void delete(String jobId) {
        FileTrees.delete(jobsDir.resolve(jobId));
        deleteArchive(jobId);
    }

    @Override
    public Set<String> jobIdsWithFiles() {
        Set<String> ids = new TreeSet<>();
        try {
            if (Files.isDirectory(jobsDir)) {
                try (var dirs = Files.list(jobsDir)) {
                    dirs.map(p -> p.getFileName().toString()).forEach(ids::add);
                }
            }
            if (Files.isDirectory(archivesDir)) {
                try (var archives = Files.list(archivesDir)) {
                    archives.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tar.gz"))
                            .map(n -> n.substring(0, n.length() - ".tar.gz".length())).forEach(ids::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the jobs' files under " + jobsDir.getParent(), e);
        }
        return ids;
    }

    @Override
    public boolean hasJobDir(String jobId) {
        return Files.isDirectory(jobDir(jobId));
    }

    @Override
    public Optional<Instant> archivedAt(String jobId) {
        try {
            Path archive = archivesDir.resolve(jobId + ".tar.gz");
            return Files.isRegularFile(archive)
                    ? Optional.of(Files.getLastModifiedTime(archive).toInstant()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void deleteArchive(String jobId) {
        try {
            Files.deleteIfExists(archivesDir.resolve(jobId + ".tar.gz"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the archive of job " + jobId, e);
        }
    }

    @Override
    public Optional<FileContent> openJobFile(String jobId, List<String> path) {
        return JobFileReader.fromDirectory(jobDir(jobId), path);
    }

    @Override
    public Optional<FileContent> openArchivedJobFile(String jobId, List<String> path) {
        return JobFileReader.fromArchive(archivesDir.resolve(jobId + ".tar.gz"), "job/" + String.join("/", path));
    }

    private Path jobDir(String jobId) {
        return jobsDir.resolve(jobId).resolve("job");
    }
}
